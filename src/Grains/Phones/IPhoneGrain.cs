using Recall.Grains.Hosting;

namespace Recall.Grains.Phones;

/// <summary>One phone number of a clinic's patients (or their families). Key: <c>clinicId/+E164</c>.</summary>
public interface IPhoneGrain : IGrain
{
    /// <summary>Takes an SMS from this number: applies STOP/START, answers HELP, and says which patient a reply belongs to.</summary>
    Task<InboundRouting> ReceiveSmsAsync(InboundSms sms);

    /// <summary>False once the number said STOP (until it says START).</summary>
    Task<bool> IsSmsAllowedAsync();

    /// <summary>Remembers that a message about this patient was just sent to the number, so a reply goes to them.</summary>
    Task RememberConversationAsync(string patientId, string messageKey);

    /// <summary>Records an opt-out learned another way (e.g. Twilio refusing with 21610).</summary>
    Task OptOutAsync(string source);

    /// <summary>The consent history and the current state.</summary>
    Task<PhoneState> GetAsync();
}
