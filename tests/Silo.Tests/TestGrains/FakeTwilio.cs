using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>
/// A fake of Twilio's Messages API on loopback (real HTTP): it records each create request and
/// answers from a script (201 by default), so tests see exactly what the product sends and how it
/// takes each answer. Like Twilio, it keeps the messages it created (on arrival of a request it
/// accepts, however slow its answer) and lists them by number.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();

    private FakeTwilio(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Authorization, Dictionary<string, string> Form)> Requests { get; } = new();

    /// <summary>The messages Twilio has: created by a request it accepted.</summary>
    public ConcurrentQueue<(string Sid, string To, string Body, DateTimeOffset Created)> Messages { get; } = new();

    /// <summary>Twilio's clock for the messages' creation times (set it to the silo's manual clock).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>While set, reading the message list fails (Twilio cannot be asked).</summary>
    public bool ListFails { get; set; }

    /// <summary>How many times the message list was read.</summary>
    public int ListReads => listReads;

    private int listReads;

    public Uri BaseUrl => new(app.Urls.First() + "/");

    /// <summary>How long an unscripted create takes to answer (to catch sends in flight).</summary>
    public TimeSpan DefaultDelay { get; set; }

    public static async Task<FakeTwilio> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", fake.CreateMessageAsync);
        app.MapGet("/2010-04-01/Accounts/{accountSid}/Messages.json", fake.ListMessages);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next create request gets this status and body; a 2xx creates the message.</summary>
    public void Then(int status, string body, TimeSpan? delay = null) => Then(status, body, delay, created: status is >= 200 and < 300);

    /// <summary>The next create request creates the message, but the answer is lost: this status instead (a 5xx, or a slow one).</summary>
    public void ThenCreatedButAnswers(int status, string body, TimeSpan? delay = null) => Then(status, body, delay, created: true);

    private void Then(int status, string body, TimeSpan? delay, bool created) => script.Enqueue(async context =>
    {
        if (created)
        {
            Create(context.Request.Form);
        }

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

        var sid = Create(form); // On arrival: a request Twilio got is a message, whether or not its answer makes it back.
        if (DefaultDelay > TimeSpan.Zero)
        {
            await Task.Delay(DefaultDelay, context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { sid, status = "queued", to = form["To"].ToString(), num_segments = "1" });
    }

    private string Create(IFormCollection form)
    {
        var sid = $"SM{Guid.NewGuid():N}";
        Messages.Enqueue((sid, form["To"].ToString(), form["Body"].ToString(), Clock.GetUtcNow()));
        return sid;
    }

    /// <summary>GET Messages.json?To=...: newest first, in Twilio's page format (RFC 2822 dates).</summary>
    private IResult ListMessages(HttpContext context)
    {
        Interlocked.Increment(ref listReads);
        if (ListFails)
        {
            return Results.Json(new { code = 20500, message = "Internal Server Error", status = 500 }, statusCode: StatusCodes.Status500InternalServerError);
        }

        var to = context.Request.Query["To"].ToString();
        var messages = Messages.Where(m => to.Length == 0 || m.To == to).OrderByDescending(m => m.Created).Select(m => new Dictionary<string, object?>
        {
            ["sid"] = m.Sid,
            ["to"] = m.To,
            ["body"] = m.Body,
            ["status"] = "sent",
            ["date_created"] = m.Created.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        return Results.Json(new Dictionary<string, object?>
        {
            ["messages"] = messages,
            ["page"] = 0,
            ["page_size"] = 50,
            ["start"] = 0,
            ["end"] = messages.Count - 1,
            ["uri"] = context.Request.Path + context.Request.QueryString,
            ["first_page_uri"] = context.Request.Path + context.Request.QueryString,
            ["next_page_uri"] = null,
            ["previous_page_uri"] = null,
        });
    }
}
