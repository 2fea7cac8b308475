using System.Net;
using System.Text;
using Ical.Net;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;
using Recall.Silo.Storage;

namespace Recall.Silo.Outbox.Channels;

/// <summary>
/// An outbox email as MIME (MimeKit): the text and the same words as HTML, as alternatives, with a
/// Message-ID made from the outbox id. An appointment's calendar goes as Google Calendar sends
/// invitations: a text/calendar alternative carrying the iTIP method (REQUEST or CANCEL), which
/// Outlook, Gmail and Apple Mail act on, and the same .ics as an attachment for clients that only
/// open files.
/// </summary>
internal static class SmtpMessage
{
    public static MimeMessage Create(OutboxEntry message, MailboxAddress recipient, SmtpOptions settings)
    {
        var sender = new MailboxAddress(settings.FromName, settings.From!);
        var mail = new MimeMessage { Subject = message.Subject ?? "", MessageId = MessageId(message, settings) };
        mail.From.Add(sender);
        mail.To.Add(recipient);
        var alternatives = new MultipartAlternative { Text("plain", message.Body), Text("html", Html(message)) };
        if (message.Calendar is not { } ics)
        {
            mail.Body = alternatives;
            return mail;
        }

        var (calendar, method) = Invitation(ics, sender);
        var invite = Text("calendar", calendar);
        invite.ContentType.Parameters.Add("method", method);
        alternatives.Add(invite);
        var file = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(calendar))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "appointment.ics",
        };
        mail.Body = new Multipart("mixed") { alternatives, file };
        return mail;
    }

    /// <summary>Stable for the outbox row, so a resend after a crash is the same message to the receiving servers.</summary>
    public static string MessageId(OutboxEntry message, SmtpOptions settings) => $"outbox-{message.Id}@{settings.Host}";

    /// <summary>
    /// The calendar with this email's sender as ORGANIZER when it names none (RFC 5546 wants one on a
    /// REQUEST or CANCEL, and only the silo knows the sending address), and its METHOD for the part's header.
    /// </summary>
    private static (string Calendar, string Method) Invitation(string ics, MailboxAddress sender)
    {
        var calendar = Calendar.Load(ics) ?? throw new FormatException("The outbox message's calendar is not iCalendar.");
        var method = calendar.Method ?? "REQUEST";
        var withoutOrganizer = calendar.Events.Where(e => e.Organizer is null).ToList();
        if (withoutOrganizer.Count == 0)
        {
            return (ics, method);
        }

        foreach (var visit in withoutOrganizer)
        {
            visit.Organizer = new Organizer($"mailto:{sender.Address}") { CommonName = sender.Name };
        }

        return (new CalendarSerializer().SerializeToString(calendar)!, method);
    }

    private static TextPart Text(string subtype, string text)
    {
        var part = new TextPart(subtype);
        part.SetText(Encoding.UTF8, text);
        return part;
    }

    /// <summary>The HTML part: the same words, escaped, one paragraph per line.</summary>
    private static string Html(OutboxEntry message) =>
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
        + string.Concat(message.Body.Split('\n').Select(line => $"<p>{WebUtility.HtmlEncode(line)}</p>"))
        + "</body></html>";
}
