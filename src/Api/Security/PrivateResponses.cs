using Microsoft.AspNetCore.Builder;
using Microsoft.Net.Http.Headers;

namespace Recall.Api.Security;

/// <summary>
/// API answers carry patients' data, so no browser or proxy keeps a copy (a front desk's shared
/// computer, a caching proxy on the way): each says <c>Cache-Control: no-store</c> unless its
/// endpoint said otherwise (the frontend's files and page revalidate instead; they hold no data).
/// </summary>
public static class PrivateResponses
{
    public static WebApplication UsePrivateResponses(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                if (!response.Headers.ContainsKey(HeaderNames.CacheControl))
                {
                    response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
