using Recall.Grains.Clinics;
using Recall.Grains.Hosting;

namespace Recall.Grains.Phones;

[Orleans.GrainType("phone")] // The stored grain type: part of the database, never renamed.
public sealed class PhoneGrain : Grain<PhoneState>, IPhoneGrain
{
    private string ClinicId => GrainKey[..GrainKey.IndexOf('/', StringComparison.Ordinal)];

    private string Phone => GrainKey[(GrainKey.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public async Task<InboundRouting> ReceiveSmsAsync(InboundSms sms)
    {
        var keyword = ReplyParser.Keyword(sms.Body);
        switch (keyword)
        {
            case SmsKeyword.Stop:
                SetConsent(optedIn: false, $"sms:{sms.Body.Trim().ToUpperInvariant()}", sms.At);
                // Twilio confirms STOP itself (a second text would be one too many); the patient's log still shows it.
                return new InboundRouting(keyword, null, State.LastConversation?.PatientId);
            case SmsKeyword.Start:
                // "YES" is also an answer to the question asked, so it reaches the conversation too.
                SetConsent(optedIn: true, $"sms:{sms.Body.Trim().ToUpperInvariant()}", sms.At);
                return new InboundRouting(keyword, null, State.LastConversation?.PatientId);
            case SmsKeyword.Help:
                var clinic = await GrainFactory.GetGrain<IClinicGrain>(ClinicId).GetRecallContextAsync();
                return new InboundRouting(keyword, $"{clinic.ClinicName}: appointment reminders. Reply STOP to stop texts, START to resume. Call the clinic for anything else.", null);
            default:
                return new InboundRouting(keyword, null, State.LastConversation?.PatientId);
        }
    }

    public Task<bool> IsSmsAllowedAsync() => Task.FromResult(!State.OptedOut);

    public Task RememberConversationAsync(string patientId, string messageKey)
    {
        State.LastConversation = new Conversation(patientId, messageKey, Time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task OptOutAsync(string source)
    {
        SetConsent(optedIn: false, source, Time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<PhoneState> GetAsync() => Task.FromResult(State);

    protected override IEnumerable<QueryRow> ProjectRows()
    {
        if (State.OptedOut)
        {
            yield return new SmsOptOutRow(ClinicId, Phone, State.ConsentChanges.Last().At);
        }
    }

    private void SetConsent(bool optedIn, string source, DateTimeOffset at)
    {
        if (State.OptedOut == !optedIn)
        {
            return; // Already so: a repeated STOP changes nothing.
        }

        State.OptedOut = !optedIn;
        State.ConsentChanges.Add(new ConsentChange(at, optedIn, source));
    }
}
