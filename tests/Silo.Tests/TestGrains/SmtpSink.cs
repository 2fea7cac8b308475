using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>
/// A real SMTP server on loopback, speaking enough of RFC 5321 for a client to deliver mail:
/// EHLO/HELO, AUTH PLAIN (RFC 4616), MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. It keeps each
/// message it accepts, raw, for the test to read; <see cref="Then"/> makes it refuse a command with
/// the reply a test needs (a 550 unknown mailbox, a 451 try later, a 554 rejected message).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task acceptLoop;
    private readonly ConcurrentQueue<(string Command, string Reply)> script = new();

    public SmtpSink()
    {
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ConcurrentQueue<(string From, string[] To, string Data)> Messages { get; } = new();

    /// <summary>The user names and passwords clients signed in with.</summary>
    public ConcurrentQueue<(string User, string Password)> Logins { get; } = new();

    /// <summary>
    /// The next time a client sends <paramref name="command"/> (MAIL, RCPT or DATA), answer
    /// <paramref name="reply"/> instead (for DATA, after the message was sent; it is not kept).
    /// </summary>
    public void Then(string command, string reply) => script.Enqueue((command, reply));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8); // 8BITMIME: message text may be UTF-8.
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink.test ESMTP");
            string from = "";
            var to = new List<string>();
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (command)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink.test");
                        await writer.WriteLineAsync("250-AUTH PLAIN");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "AUTH":
                        // AUTH PLAIN with the credentials on the line, or after a 334 prompt: base64 of "\0user\0password".
                        var initial = line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, var given] ? given : null;
                        if (initial is null)
                        {
                            await writer.WriteLineAsync("334 ");
                            initial = await reader.ReadLineAsync(stop.Token) ?? "";
                        }

                        var parts = Encoding.UTF8.GetString(Convert.FromBase64String(initial)).Split('\0');
                        Logins.Enqueue((parts[1], parts[2]));
                        await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                        break;
                    case "HELO" or "NOOP" or "RSET":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "MAIL" when Scripted("MAIL") is { } reply:
                        await writer.WriteLineAsync(reply);
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT" when Scripted("RCPT") is { } reply:
                        await writer.WriteLineAsync(reply);
                        break;
                    case "RCPT":
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        if (Scripted("DATA") is { } refusal)
                        {
                            await writer.WriteLineAsync(refusal);
                            break;
                        }

                        Messages.Enqueue((from, [.. to], data.ToString()));
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
    }

    private string? Scripted(string command) =>
        script.TryPeek(out var next) && next.Command == command && script.TryDequeue(out next) ? next.Reply : null;

    private static string Address(string line) => line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
}
