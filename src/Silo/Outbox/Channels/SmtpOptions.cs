using System.ComponentModel.DataAnnotations;

namespace Recall.Silo.Outbox.Channels;

/// <summary>Email over SMTP. Bound from "Smtp"; without a Host, email goes to the sandbox channel.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>STARTTLS (or TLS) to the server; off only for a relay on loopback.</summary>
    public bool EnableSsl { get; set; } = true;

    public string? Username { get; set; }

    /// <summary>A secret: set it through the environment (Smtp__Password).</summary>
    public string? Password { get; set; }

    /// <summary>The sender address, e.g. recall@clinic.example.</summary>
    public string? From { get; set; }

    public string? FromName { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
