using System.ComponentModel.DataAnnotations;
using System.Net;
using MailKit.Security;

namespace Recall.Silo.Outbox.Channels;

/// <summary>Email over SMTP. Bound from "Smtp"; without a Host, email goes to the sandbox channel.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>
    /// How the connection is secured (MailKit's names: StartTls, SslOnConnect, StartTlsWhenAvailable, None, Auto).
    /// Unset: TLS from the first byte on port 465, STARTTLS required on any other port, except for a relay on
    /// loopback, which uses STARTTLS only if it offers it (the mail never crosses a network before it).
    /// </summary>
    public SecureSocketOptions? Security { get; set; }

    public string? Username { get; set; }

    /// <summary>A secret: set it through the environment (Smtp__Password).</summary>
    public string? Password { get; set; }

    /// <summary>The sender address, e.g. recall@clinic.example.</summary>
    public string? From { get; set; }

    public string? FromName { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public SecureSocketOptions EffectiveSecurity => Security ?? (Port == 465 ? SecureSocketOptions.SslOnConnect
        : IsLoopback ? SecureSocketOptions.StartTlsWhenAvailable
        : SecureSocketOptions.StartTls);

    private bool IsLoopback => string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));
}
