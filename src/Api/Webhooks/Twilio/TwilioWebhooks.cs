using Microsoft.Extensions.DependencyInjection;
using Recall.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Recall.Grains.Hosting;
using Twilio.TwiML;
using SaveOptions = System.Xml.Linq.SaveOptions;

namespace Recall.Api.Webhooks.Twilio;

/// <summary>
/// Twilio's webhooks. Every request must carry a valid X-Twilio-Signature over the public URL
/// (Twilio:PublicBaseUrl, since behind a proxy Kestrel does not see the URL Twilio signed) and every
/// parameter received; a missing or wrong one gets 403 and changes nothing.
/// </summary>
public static class TwilioWebhooks
{
    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder routes)
    {
        var twilio = routes.MapGroup("/webhooks/twilio").AllowAnonymous().DisableAntiforgery().WithTags("Webhooks");
        twilio.MapPost("/status", StatusCallback);
        twilio.MapPost("/inbound/{clinicId}", InboundSms);
        return routes;
    }

    /// <summary>
    /// An SMS from a patient's number to the clinic (give Twilio this URL, per clinic, as the number's
    /// "A message comes in" webhook). STOP/START change consent at once, HELP is answered, and any
    /// other text joins the conversation of the patient last texted from that number. Applied once
    /// per MessageSid. Answers TwiML.
    /// </summary>
    public static async Task<IResult> InboundSms(
        string clinicId, HttpRequest request, IOptions<TwilioOptions> options, IGrainFactory grains, [FromKeyedServices(RecallClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Forbidden(); // Twilio posts forms; anything else cannot carry a valid signature.
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (!IsSigned(request, form, options.Value))
        {
            return Forbidden();
        }

        var errors = new ValidationErrors();
        var from = form["From"].ToString();
        var sid = form["MessageSid"].ToString();
        if (!Grains.Phones.PhoneParser.IsE164(from))
        {
            errors.Add("From", "From must be an E.164 number.");
        }

        if (sid.Length == 0)
        {
            errors.Add("MessageSid", "MessageSid is required.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (await grains.GetGrain<Grains.Clinics.IClinicGrain>(clinicId).GetAsync() is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no clinic '{clinicId}'.");
        }

        var sms = new Grains.Phones.InboundSms(sid, form["Body"].ToString(), time.GetUtcNow());
        RequestContext.SetIdempotencyKey($"twilio:{clinicId}", sid, sid); // Twilio retries a webhook it got no answer to.
        var routing = await grains.GetGrain<Grains.Phones.IPhoneGrain>($"{clinicId}/{from}").ReceiveSmsAsync(sms);
        if (routing.PatientId is { } patientId)
        {
            try
            {
                await grains.GetGrain<Grains.Patients.IPatientGrain>($"{clinicId}/{patientId}").ReceiveSmsAsync(sms, routing.Keyword);
            }
            catch (GrainNotFoundException)
            {
                // The patient was erased since: the consent change stands; there is no thread to add to.
            }
        }

        return Results.Content(TwiML(routing.Reply), "text/xml; charset=utf-8");
    }

    /// <summary>Twilio's reply format (TwiML): an empty Response sends nothing back.</summary>
    public static string TwiML(string? reply)
    {
        var response = new MessagingResponse();
        if (reply is not null)
        {
            response.Message(reply);
        }

        return response.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>
    /// A status callback for a message the outbox sent (the StatusCallback URL carries its outbox id):
    /// queued -> sending -> sent -> delivered | undelivered, or failed, applied monotonically.
    /// </summary>
    public static async Task<Results<Ok, ProblemHttpResult, ValidationProblem>> StatusCallback(
        HttpRequest request, IOptions<TwilioOptions> options, IDeliveryReports reports, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Forbidden(); // Twilio posts forms; anything else cannot carry a valid signature.
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (!IsSigned(request, form, options.Value))
        {
            return Forbidden();
        }

        var errors = new ValidationErrors();
        if (!long.TryParse(request.Query["outbox"], out var outboxId))
        {
            errors.Add("outbox", "The callback URL's outbox id is missing or not a number.");
        }

        var sid = form["MessageSid"].ToString();
        if (sid.Length == 0)
        {
            errors.Add("MessageSid", "MessageSid is required.");
        }

        if (Stage(form["MessageStatus"].ToString()) is not { } stage)
        {
            errors.Add("MessageStatus", $"'{form["MessageStatus"]}' is not a message status this endpoint knows.");
            stage = default;
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var errorCode = form["ErrorCode"].ToString() is { Length: > 0 } code ? code : null;
        return await reports.ApplyAsync(outboxId, sid, stage, errorCode, cancellationToken)
            ? TypedResults.Ok()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no outbox message {outboxId}.");
    }

    /// <summary>Twilio's statuses; accepted/scheduled come before queueing, read (WhatsApp) after delivery.</summary>
    public static DeliveryStage? Stage(string status) => status.ToUpperInvariant() switch
    {
        "ACCEPTED" or "SCHEDULED" or "QUEUED" => DeliveryStage.Queued,
        "SENDING" => DeliveryStage.Sending,
        "SENT" => DeliveryStage.Sent,
        "DELIVERED" or "READ" => DeliveryStage.Delivered,
        "UNDELIVERED" => DeliveryStage.Undelivered,
        "FAILED" => DeliveryStage.Failed,
        _ => null,
    };

    private static bool IsSigned(HttpRequest request, IFormCollection form, TwilioOptions options)
    {
        var publicUrl = options.PublicBaseUrl is { } publicBase
            ? new Uri(publicBase, request.Path.Value!.TrimStart('/') + request.QueryString).ToString()
            : $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
        var parameters = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))).ToList();
        return TwilioSignature.IsValid(options.AuthToken ?? "", publicUrl, parameters, request.Headers["X-Twilio-Signature"]);
    }

    private static ProblemHttpResult Forbidden() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "The request is not signed by Twilio.",
        detail: "X-Twilio-Signature is missing or does not match this URL and these parameters.");
}
