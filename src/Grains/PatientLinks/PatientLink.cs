namespace Recall.Grains.PatientLinks;

/// <summary>What a patient link opens: one patient, one purpose.</summary>
public enum LinkPurpose
{
    /// <summary>Book the open recall visit from the suggested free slots (the recall text's <c>{bookingLink}</c>).</summary>
    Book,

    /// <summary>Confirm, move or cancel one appointment (<see cref="PatientLink.Subject"/> is its id; <c>{appointmentLink}</c>).</summary>
    Appointment,

    /// <summary>Stop SMS, email or everything (<c>{optOutLink}</c>).</summary>
    OptOut,

    /// <summary>The clinic's portal messages, marked read when opened (<c>{messagesLink}</c>).</summary>
    Messages,

    /// <summary>Check details and answer the clinic's questions before a visit (<see cref="PatientLink.Subject"/> is the appointment; <c>{preRegistrationLink}</c>).</summary>
    PreRegistration,
}

/// <summary>A link's content, as signed into its token: whose, for what, until when.</summary>
public sealed record PatientLink(string ClinicId, string PatientId, LinkPurpose Purpose, DateTimeOffset Expires, string? Subject = null);

/// <summary>What a token turned out to be.</summary>
public enum LinkState
{
    Valid,

    /// <summary>Signed by us but past its time: the patient may ask for a new one to the number on file.</summary>
    Expired,

    /// <summary>Not a token of ours (altered, truncated, made up): nothing in it is to be trusted.</summary>
    Invalid,
}

public sealed record LinkCheck(LinkState State, PatientLink? Link)
{
    public static readonly LinkCheck Invalid = new(LinkState.Invalid, null);
}

/// <summary>What a patient stops on their opt-out page.</summary>
public enum OptOutChoice
{
    Sms,
    Email,
    Everything,
}
