using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using Microsoft.Extensions.Options;
using Recall.Silo.Storage;

namespace Recall.Silo.Outbox.Channels;

/// <summary>
/// Email through an SMTP server (System.Net.Mail; MailKit is not available here): a plain-text part
/// and an HTML part. Each message carries a Message-ID made from its outbox id, so a resend after a
/// crash is the same message to the receiving servers (which drop duplicates by Message-ID); that is
/// why this channel counts as idempotent. 4xx replies and connection failures are retried; 5xx are
/// permanent (no such mailbox, rejected).
/// </summary>
public sealed class SmtpEmailChannel(IOptions<SmtpOptions> options) : IOutboxChannel
{
    public string Name => "email";

    public bool IsIdempotent => true;

    public async Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var mail = new MailMessage
        {
            From = new MailAddress(settings.From!, settings.FromName),
            Subject = message.Subject ?? "",
            Body = message.Body,
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        var messageId = $"<outbox-{message.Id}@{settings.Host}>";
        mail.Headers.Add("Message-ID", messageId);
        mail.To.Add(message.Recipient);
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(Html(message), System.Text.Encoding.UTF8, MediaTypeNames.Text.Html));
        if (message.Calendar is { } calendar)
        {
            // text/calendar with the METHOD the entry declares (REQUEST or CANCEL), so mail clients add, move or remove it.
            var method = calendar.Contains("METHOD:CANCEL", StringComparison.Ordinal) ? "CANCEL" : "REQUEST";
            var invite = Attachment.CreateAttachmentFromString(calendar, "appointment.ics", System.Text.Encoding.UTF8, "text/calendar");
            invite.ContentType.Parameters["method"] = method;
            mail.Attachments.Add(invite);
        }

        using var client = new SmtpClient(settings.Host, settings.Port)
        {
            EnableSsl = settings.EnableSsl,
            Timeout = (int)settings.Timeout.TotalMilliseconds,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Credentials = settings.Username is null ? null : new NetworkCredential(settings.Username, settings.Password),
        };
        try
        {
            await client.SendMailAsync(mail, cancellationToken);
            return new ChannelResult.Sent(messageId);
        }
        catch (SmtpFailedRecipientException e) when ((int)e.StatusCode >= 500)
        {
            return new ChannelResult.PermanentFailure($"{(int)e.StatusCode} {e.Message}");
        }
        catch (SmtpException e) when ((int)e.StatusCode >= 500 && e.StatusCode != SmtpStatusCode.GeneralFailure)
        {
            return new ChannelResult.PermanentFailure($"{(int)e.StatusCode} {e.Message}");
        }
        catch (SmtpException e)
        {
            return new ChannelResult.TransientFailure($"{(int)e.StatusCode} {e.Message}"); // 4xx, or no connection (GeneralFailure).
        }
    }

    /// <summary>The HTML part: the same words, escaped, one paragraph per line.</summary>
    private static string Html(OutboxEntry message) =>
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
        + string.Concat(message.Body.Split('\n').Select(line => $"<p>{WebUtility.HtmlEncode(line)}</p>"))
        + "</body></html>";
}
