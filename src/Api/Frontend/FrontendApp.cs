using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Recall.Api.Frontend;

/// <summary>
/// The staff frontend: plain HTML, CSS and JavaScript modules in wwwroot, embedded in this assembly
/// so the silo serves them wherever it runs (tests, a published build) with no front-end build and
/// nothing fetched from a CDN. The app routes by URL hash (#/patients), so only "/" and "/setup" are pages.
/// </summary>
public static class FrontendApp
{
    /// <summary>Everything comes from this origin; no inline script or style, no framing (clickjacking).</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static readonly EmbeddedFileProvider Files = new EmbeddedFileProvider(typeof(FrontendApp).Assembly, "Recall.Api.wwwroot");

    public static WebApplication UseFrontendFiles(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                AddSecurityHeaders(context.Context.Response);
                // Files ship inside the assembly: revalidate so a new build is picked up at once.
                context.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapFrontendPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", IndexPage).ExcludeFromDescription().AllowAnonymous();
        routes.MapGet("/setup", IndexPage).ExcludeFromDescription().AllowAnonymous();
        return routes;
    }

    private static IResult IndexPage(HttpContext context)
    {
        AddSecurityHeaders(context.Response);
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(Files.GetFileInfo("index.html").CreateReadStream(), "text/html; charset=utf-8");
    }

    private static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
    }
}
