using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recall.Grains;

namespace Recall.Api.Frontend;

/// <summary>
/// Every API response says what time it is on the product's clock (<see cref="RecallClock"/>), so
/// the staff app judges snoozes and due times by the server's now, not the browser's: the two differ
/// on the manual clock of tests and demos, and on a computer whose clock is wrong. The standard Date
/// header will not do: it has whole seconds only, and it is the real clock, not the product's.
/// </summary>
public static class ServerNowHeader
{
    public const string Name = "Recall-Now";

    public static WebApplication UseServerNowHeader(this WebApplication app)
    {
        var clock = app.Services.GetRequiredKeyedService<TimeProvider>(RecallClock.Key);
        app.Use((context, next) =>
        {
            // Stamped as the response starts, so the time is that of the answer, and it survives the
            // exception handler, which clears the headers of a failed response.
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers[Name] = Format(clock.GetUtcNow());
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>UTC with milliseconds (2026-11-22T08:00:00.000Z), the form JavaScript's Date.parse is specified to read.</summary>
    public static string Format(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
