using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Recall.Api.PatientPages;

/// <summary>
/// One patient page, built on the server as plain HTML with its few styles inline: nothing to
/// download but the page, so it opens fast on a cheap phone, and it works without JavaScript.
/// Every value goes in HTML-encoded; the words come from <see cref="PatientText"/>.
/// </summary>
internal sealed class PatientPage(string language, string? clinicName, string selfPath, string? brandColour = null)
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder main = new();

    public string Language => language;

    /// <summary>The clinic's colour, as checked when it was saved (anything else falls back to ours, never into the style sheet).</summary>
    private string Colour => brandColour is not null && Grains.Clinics.BrandColour.Luminance(brandColour) is not null ? brandColour : Grains.Clinics.BrandColour.Default;

    public CultureInfo Culture { get; } = CultureInfo.GetCultureInfo(language);

    private string? title;

    /// <summary>The catalogue's text for <paramref name="key"/>, encoded, with each <c>{hole}</c> filled by its encoded value.</summary>
    public string T(string key, params (string Hole, string Value)[] values)
    {
        var text = Encoder.Encode(PatientText.Get(language, key));
        foreach (var (hole, value) in values)
        {
            text = text.Replace($"{{{hole}}}", Encoder.Encode(value), StringComparison.Ordinal);
        }

        return text;
    }

    public PatientPage Heading(string key, params (string, string)[] values)
    {
        title ??= T(key, values);
        main.Append("<h1>").Append(T(key, values)).Append("</h1>");
        return this;
    }

    public PatientPage Paragraph(string key, params (string, string)[] values)
    {
        main.Append("<p>").Append(T(key, values)).Append("</p>");
        return this;
    }

    public PatientPage Notice(string key, params (string, string)[] values)
    {
        main.Append("<p class=\"notice\" role=\"status\">").Append(T(key, values)).Append("</p>");
        return this;
    }

    /// <summary>A form of one button (a POST to <paramref name="action"/>), with hidden fields: one tap, no typing.</summary>
    public PatientPage Button(string action, string label, IReadOnlyDictionary<string, string>? fields = null, bool secondary = false)
    {
        main.Append("<form method=\"post\" action=\"").Append(Encoder.Encode(action)).Append("\">");
        main.Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(language).Append("\">");
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            main.Append("<input type=\"hidden\" name=\"").Append(Encoder.Encode(name)).Append("\" value=\"").Append(Encoder.Encode(value)).Append("\">");
        }

        main.Append("<button type=\"submit\"").Append(secondary ? " class=\"secondary\"" : "").Append('>').Append(label).Append("</button></form>");
        return this;
    }

    /// <summary>A message from the clinic: its line of who and when, and its text as written (line breaks kept).</summary>
    public PatientPage Message(string meta, string text)
    {
        main.Append("<article class=\"message\"><p class=\"meta\">").Append(meta).Append("</p><p>")
            .Append(Encoder.Encode(text).Replace("&#xA;", "<br>", StringComparison.Ordinal)).Append("</p></article>");
        return this;
    }

    public PatientPage FormStart(string action)
    {
        main.Append("<form method=\"post\" action=\"").Append(Encoder.Encode(action)).Append("\" class=\"fields\">");
        main.Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(language).Append("\">");
        return this;
    }

    /// <summary>A labelled field; <paramref name="error"/> (a catalogue key) is shown under it and tied to it for screen readers.</summary>
    public PatientPage Field(string name, string labelKey, string? value, string? error, string type = "text", string? autocomplete = null)
    {
        main.Append("<p class=\"field\"><label for=\"").Append(name).Append("\">").Append(T(labelKey)).Append("</label>");
        var control = type == "textarea"
            ? $"<textarea id=\"{name}\" name=\"{name}\" rows=\"3\" maxlength=\"500\"{Invalid(name, error)}>{Encoder.Encode(value ?? "")}</textarea>"
            : $"<input id=\"{name}\" name=\"{name}\" type=\"{type}\" value=\"{Encoder.Encode(value ?? "")}\"{(autocomplete is null ? "" : $" autocomplete=\"{autocomplete}\"")}{Invalid(name, error)}>";
        main.Append(control).Append(ErrorText(name, error)).Append("</p>");
        return this;
    }

    /// <summary>A box to tick beside the clinic's own words (shown as written, encoded).</summary>
    public PatientPage Checkbox(string name, string text, bool ticked, string? error)
    {
        main.Append("<p class=\"field check\"><input id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" type=\"checkbox\" value=\"yes\"")
            .Append(ticked ? " checked" : "").Append(Invalid(name, error)).Append("><label for=\"").Append(name).Append("\">").Append(Encoder.Encode(text))
            .Append("</label>").Append(ErrorText(name, error)).Append("</p>");
        return this;
    }

    public PatientPage FormEnd(string label)
    {
        main.Append("<button type=\"submit\">").Append(label).Append("</button></form>");
        return this;
    }

    private static string Invalid(string name, string? error) => error is null ? "" : $" aria-invalid=\"true\" aria-describedby=\"{name}-error\"";

    private string ErrorText(string name, string? error) => error is null ? "" : $"<span class=\"error\" id=\"{name}-error\">{T(error)}</span>";

    public PatientPage Link(string href, string label)
    {
        main.Append("<p><a href=\"").Append(Encoder.Encode(href)).Append("\">").Append(label).Append("</a></p>");
        return this;
    }

    public IResult Result(int status = StatusCodes.Status200OK)
    {
        var html = new StringBuilder(2048)
            .Append("<!doctype html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(title).Append(clinicName is null ? "" : " · " + Encoder.Encode(clinicName)).Append("</title>")
            .Append("<style>").Append(Styles).Append("header{background:").Append(Colour).Append('}').Append("</style></head><body>")
            .Append("<header>").Append(clinicName is null ? "" : $"<p class=\"clinic\">{Encoder.Encode(clinicName)}</p>").Append("</header>")
            .Append("<main>").Append(main).Append("</main>")
            .Append("<footer><nav aria-label=\"").Append(T("footer.language")).Append("\"><ul>");
        foreach (var other in PatientText.Languages)
        {
            html.Append("<li><a href=\"").Append(Encoder.Encode($"{selfPath}?lang={other}")).Append("\" lang=\"").Append(other).Append('"')
                .Append(other == language ? " aria-current=\"page\"" : "").Append('>').Append(Encoder.Encode(PatientText.Get(other, "language"))).Append("</a></li>");
        }

        html.Append("</ul></nav></footer></body></html>");
        return new PageResult(html.ToString(), status);
    }

    /// <summary>
    /// The page with headers for a page that holds personal data behind a secret in its address: never
    /// cached, never framed, no script at all, and the address (the token) never sent on as a referrer.
    /// </summary>
    private sealed class PageResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            return response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
        }
    }

    // Large tap targets, system fonts, contrast above 4.5:1; nothing to download.
    private const string Styles =
        "body{margin:0;font:1.0625rem/1.5 system-ui,sans-serif;color:#1b1f24;background:#f6f7f9}" +
        "header{color:#fff;padding:.75rem 1rem}.clinic{margin:0;font-weight:600}" +
        "main{max-width:34rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}" +
        "form{margin:.5rem 0}button{width:100%;min-height:3rem;font:inherit;font-weight:600;border-radius:.5rem;border:2px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}" +
        "button.secondary{background:#fff;color:#0b5cad}button:focus-visible,a:focus-visible{outline:3px solid #f2a900;outline-offset:2px}" +
        ".notice{background:#fff4d6;border-left:4px solid #f2a900;padding:.5rem .75rem}a{color:#0b5cad}" +
        "footer{max-width:34rem;margin:1rem auto;padding:0 1rem}footer ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}" +
        "[aria-current]{font-weight:700}.field label{display:block;font-weight:600;margin-bottom:.25rem}" +
        ".field input:not([type=checkbox]),.field textarea{width:100%;box-sizing:border-box;min-height:2.75rem;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:.375rem}" +
        ".check{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start}.check label{flex:1}.check .error{flex-basis:100%}.check input{width:1.5rem;height:1.5rem}.check label{font-weight:400}" +
        "[aria-invalid]{border-color:#b42318!important;outline:2px solid #b42318}.error{display:block;color:#b42318;font-weight:600}" +
        ".message{background:#fff;border:1px solid #d0d5dd;border-radius:.5rem;padding:.5rem .75rem;margin:.75rem 0}.meta{color:#475467;font-size:.875rem;margin:0}";
}
