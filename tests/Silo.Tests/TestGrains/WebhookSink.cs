using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>A webhook receiver on loopback (real HTTP) that keeps every POST: path, headers that matter, body.</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookSink(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Path, string? Signature, string? IdempotencyKey, string Body)> Posts { get; } = new();

    public Uri Url(string path) => new(app.Urls.First() + path);

    public static async Task<WebhookSink> StartAsync()
    {
        var app = LoopbackServer.Create();
        var sink = new WebhookSink(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            sink.Posts.Enqueue((context.Request.Path, context.Request.Headers["X-Recall-Signature"].FirstOrDefault(),
                context.Request.Headers["Idempotency-Key"].FirstOrDefault(), await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
