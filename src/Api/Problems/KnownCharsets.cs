using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Recall.Api.Problems;

/// <summary>
/// A JSON body labelled with a charset .NET does not know (<c>application/json; charset=no-such-charset</c>)
/// is refused with 415 before anything reads it, and a quoted one (<c>charset="utf-8"</c>) is unquoted. JSON
/// binding throws an InvalidOperationException for either, which reached the client as a 500 on every route with
/// a body (found by OpenApiPropertyTests, issue #16).
/// </summary>
public static class KnownCharsets
{
    public static IApplicationBuilder UseKnownCharsetsOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Only JSON: binding reads its charset; the CSV import names its encoding itself and ignores the header's.
        if (context.Request.HasJsonContentType() && MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.Charset is { HasValue: true } charset)
        {
            var name = charset.Value!.Trim('"');
            if (!IsKnown(name))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Title = "The request's charset is not one we read.",
                        Detail = $"'{name}' is not a known character set: send UTF-8 (or leave the charset out).",
                    },
                });
                return;
            }

            if (name.Length != charset.Length)
            {
                // A quoted charset is valid HTTP (RFC 9110, section 5.6.6), but JSON binding looks up the name with its quotes.
                type.Charset = name;
                context.Request.ContentType = type.ToString();
            }
        }

        await next(context);
    });

    private static bool IsKnown(string charset)
    {
        try
        {
            // The lookup JSON binding makes; it throws for an unknown name, and there is no TryGetEncoding.
            Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
