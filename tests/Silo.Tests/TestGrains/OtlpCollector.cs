using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>
/// An OpenTelemetry collector on loopback (real HTTP, OTLP's http/protobuf) that keeps every export's path and body
/// and answers 200 with an empty body, which is an empty Export*ServiceResponse: all accepted.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication app;

    private OtlpCollector(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    public string Url => app.Urls.First();

    public static async Task<OtlpCollector> StartAsync()
    {
        var app = LoopbackServer.Create();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            collector.Exports.Enqueue((context.Request.Path, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return collector;
    }

    /// <summary>Whether any export to the path carries these bytes (OTLP's protobuf holds trace and span ids as raw bytes).</summary>
    public bool Received(string path, ReadOnlySpan<byte> bytes)
    {
        foreach (var (exportPath, body) in Exports)
        {
            if (exportPath == path && body.AsSpan().IndexOf(bytes) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
