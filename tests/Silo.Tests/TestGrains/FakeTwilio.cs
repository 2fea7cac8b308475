using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>
/// A fake of Twilio's Messages API on loopback (real HTTP): it records each create request and
/// answers from a script (201 by default), so tests see exactly what the product sends and how it
/// takes each answer.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();

    private FakeTwilio(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Authorization, Dictionary<string, string> Form)> Requests { get; } = new();

    public Uri BaseUrl => new(app.Urls.First() + "/");

    /// <summary>How long an unscripted create takes to answer (to catch sends in flight).</summary>
    public TimeSpan DefaultDelay { get; set; }

    public static async Task<FakeTwilio> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", fake.CreateMessageAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next create request gets this status and body.</summary>
    public void Then(int status, string body, TimeSpan? delay = null) => script.Enqueue(async context =>
    {
        if (delay is { } wait)
        {
            await Task.Delay(wait, context.RequestAborted);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task CreateMessageAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        Requests.Enqueue((context.Request.Headers.Authorization.ToString(), form.ToDictionary(f => f.Key, f => f.Value.ToString())));
        if (script.TryDequeue(out var answer))
        {
            await answer(context);
            return;
        }

        if (DefaultDelay > TimeSpan.Zero)
        {
            await Task.Delay(DefaultDelay, context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { sid = $"SM{Guid.NewGuid():N}", status = "queued", to = form["To"].ToString(), num_segments = "1" });
    }
}
