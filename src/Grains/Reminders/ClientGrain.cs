using System.Globalization;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Templates;

namespace Recall.Grains.Reminders;

/// <summary>
/// One message per client, day and channel: the reminders of a client's patients due on a day are
/// collected until a short while after the sending window opens (the patients' sends all fire at
/// its opening), then go as one text listing each patient. A reminder that arrives after the day's
/// message went waits for the next day's. Each patient hears how the message ended, as if it were its own.
/// </summary>
[Orleans.GrainType("client")] // The stored grain type: part of the database, never renamed.
public sealed class ClientGrain : Grain<ClientState>, IClientGrain, IRemindable
{
    private const string DigestReminderPrefix = "digest:";

    /// <summary>The reminder, and the outbox key, of a day's message by one channel.</summary>
    private static string DigestKey(DateOnly day, string channel) =>
        $"{DigestReminderPrefix}{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}:{channel}";

    /// <summary>How long after the first reminder of a day the message waits for the others.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMinutes(10);

    /// <summary>Collected reminders are kept this long for the history, then dropped.</summary>
    private static readonly TimeSpan History = TimeSpan.FromDays(60);

    private string ClinicId => GrainKey[..GrainKey.IndexOf('/', StringComparison.Ordinal)];

    public async Task<DateTimeOffset> CollectAsync(DigestItem item)
    {
        var now = Time.GetUtcNow();
        if (State.Items.FirstOrDefault(i => i.PatientId == item.PatientId && i.SendId == item.SendId) is { } known)
        {
            return DigestTime(known.Day, known.Channel, await ContextAsync(), now);
        }

        var context = await ContextAsync();
        var day = item.Day;
        while (State.Sent.Contains(DigestKey(day, item.Channel)))
        {
            day = day.AddDays(1); // Today's message went already: one a day, so this waits for tomorrow's.
        }

        State.Items.RemoveAll(i => i.DigestKey is not null && context.StartOf(i.Day) < now - History);
        State.Items.Add(item with { Day = day });
        var at = DigestTime(day, item.Channel, context, now);
        RegisterOrUpdateReminder(DigestKey(day, item.Channel), at);
        return at;
    }

    /// <summary>When the day's message goes: a while after the window opens, or after this reminder came, whichever is later; a reminder already set stays.</summary>
    private DateTimeOffset DigestTime(DateOnly day, string channel, RecallContext context, DateTimeOffset now)
    {
        if (GetReminder(DigestKey(day, channel)) is { } set)
        {
            return set.DueAt;
        }

        var opens = context.At(day, context.SendingRules.WindowOpens);
        return (opens > now ? opens : now) + Gather;
    }

    public async Task ReceiveReminderAsync(ReminderTick tick)
    {
        var key = tick.Name;
        if (State.Sent.Contains(key))
        {
            return;
        }

        var items = new List<DigestItem>();
        foreach (var item in State.Items.Where(i => i.DigestKey is null && DigestKey(i.Day, i.Channel) == key))
        {
            // A patient booked or done since it handed its reminder over is left out.
            if (await GrainFactory.GetGrain<IPatientGrain>($"{ClinicId}/{item.PatientId}").IsSendPendingAsync(item.SendId))
            {
                items.Add(item);
            }
        }

        State.Sent.Add(key);
        for (var i = 0; i < State.Items.Count; i++)
        {
            if (State.Items[i].DigestKey is null && DigestKey(State.Items[i].Day, State.Items[i].Channel) == key)
            {
                State.Items[i] = State.Items[i] with { DigestKey = items.Contains(State.Items[i]) ? key : "" };
            }
        }

        if (items.Count == 0)
        {
            return;
        }

        var context = await ContextAsync();
        var first = items[0];
        var (body, subject) = items.Count == 1 ? (first.Body, first.Subject)
            : context.Message(TemplatePurpose.ServiceReminderDigest, first.Language, new Dictionary<string, string?>
            {
                ["clinicName"] = context.ClinicName,
                ["dueList"] = string.Join("; ", items.Select(i => i.Line)),
            });
        Send(new OutboxMessage(first.Channel, key, first.Recipient, body, first.Channel == "email" ? subject ?? context.ClinicName : null,
            SendSchedule.InWindow(Time.GetUtcNow(), context), context.SendWindow, first.Channel == "sms" ? context.SmsSender : null));
    }

    /// <summary>Each patient in the message hears how it ended, under its own send's key (a repeat is ignored there).</summary>
    protected override async Task OnOutboxResultAsync(OutboxResult result)
    {
        foreach (var item in State.Items.Where(i => i.DigestKey == result.MessageKey))
        {
            await GrainFactory.GetGrain<IPatientGrain>($"{ClinicId}/{item.PatientId}").ReceiveDigestResultAsync(result with { MessageKey = item.MessageKey });
        }
    }

    private Task<RecallContext> ContextAsync() => GrainFactory.GetGrain<IClinicGrain>(ClinicId).GetRecallContextAsync();
}
