using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Recall.Silo.Storage;

namespace Recall.Silo.Outbox.Channels;

/// <summary>
/// Email through an SMTP server with MailKit (<see cref="SmtpMessage"/> builds the MIME). Each message
/// carries a Message-ID made from its outbox id, so a resend after a crash is the same message to the
/// receiving servers (which drop duplicates by Message-ID); that is why this channel counts as
/// idempotent, and why anything short of a 5xx is simply tried again: a 4xx reply, a refused or broken
/// connection, a TLS or sign-in failure (the relay's or our configuration's fault, not the message's).
/// 5xx replies are permanent (no such mailbox, rejected), as is an address that is not one.
/// </summary>
public sealed class SmtpEmailChannel(IOptions<SmtpOptions> options) : IOutboxChannel
{
    public string Name => "email";

    public bool IsIdempotent => true;

    public async Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!MailboxAddress.TryParse(message.Recipient, out var recipient))
        {
            return new ChannelResult.PermanentFailure($"'{message.Recipient}' is not an email address.");
        }

        using var mail = SmtpMessage.Create(message, recipient, settings);
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, settings.EffectiveSecurity, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mail, cancellationToken);
        }
        catch (SmtpCommandException e)
        {
            var reply = $"{((int)e.StatusCode).ToString(CultureInfo.InvariantCulture)} {e.Message}";
            return (int)e.StatusCode >= 500 ? new ChannelResult.PermanentFailure(reply) : new ChannelResult.TransientFailure(reply);
        }
        catch (Exception e) when (IsConnectionFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            return new ChannelResult.TransientFailure($"{e.GetType().Name}: {e.Message}");
        }

        await QuitAsync(client);
        return new ChannelResult.Sent($"<{mail.MessageId}>");
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or SocketException or SmtpProtocolException or SslHandshakeException or AuthenticationException or ServiceNotConnectedException;

    /// <summary>The message is accepted already: a QUIT that fails changes nothing (the server ends the session itself).</summary>
    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (IsConnectionFailure(e) || e is SmtpCommandException)
        {
        }
    }
}
