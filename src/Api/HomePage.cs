using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Recall.Api;

/// <summary>The page at "/": what is running and where to go next. (The staff frontend replaces it.)</summary>
public static class HomePage
{
    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Recall orchestrator</title>
          <style>
            body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1f24; }
            code { background: #f0f2f4; padding: .1rem .3rem; border-radius: 4px; }
            a { color: #0b5cad; }
          </style>
        </head>
        <body>
          <h1>Recall orchestrator</h1>
          <p>The silo is running: patient recall cycles, durable reminders and the outbox are live.</p>
          <ul>
            <li><a href="/openapi/v1.json">OpenAPI document</a>: every endpoint, with its request and response shapes.</li>
            <li><a href="/healthz">Health</a> of the silo and its database.</li>
          </ul>
          <p>Integrations call the API with a clinic's key: <code>Authorization: Bearer rk_…</code>.
             The README's walkthrough creates a clinic, imports patients, records a visit and lists who is due.</p>
        </body>
        </html>
        """;

    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => Results.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        return routes;
    }
}
