namespace Recall.Grains.Templates;

/// <summary>
/// The wording the product ships with, in Polish, Swedish, German and English; a clinic overrides
/// any of them. SMS texts stay short (one or two segments) and carry no health details.
/// </summary>
public static class TemplateDefaults
{
    public static readonly IReadOnlyList<MessageTemplate> All =
    [
        new(TemplatePurpose.RecallSms, "en", "{clinicName}: Hello {firstName}, it is time for your check-up. Please call us or reply to book a visit."),
        new(TemplatePurpose.RecallSms, "pl", "{clinicName}: Dzień dobry {firstName}, zbliża się termin wizyty kontrolnej. Prosimy o kontakt, aby umówić wizytę."),
        new(TemplatePurpose.RecallSms, "sv", "{clinicName}: Hej {firstName}, det är dags för din kontroll. Ring oss eller svara för att boka en tid."),
        new(TemplatePurpose.RecallSms, "de", "{clinicName}: Hallo {firstName}, Ihre Kontrolle steht an. Bitte rufen Sie uns an oder antworten Sie, um einen Termin zu vereinbaren."),
        new(TemplatePurpose.RecallEmail, "en", "Hello {firstName},\nit is time for your regular check-up at {clinicName}. Regular preventive visits keep small problems small and save you time and cost later.\nPlease call us or reply to this email to book a visit that suits you.\n{clinicName}", "{clinicName}: time for your check-up"),
        new(TemplatePurpose.RecallEmail, "pl", "Dzień dobry {firstName},\nzbliża się termin wizyty kontrolnej w {clinicName}. Regularne wizyty profilaktyczne pozwalają wcześnie wykryć drobne problemy i oszczędzają czas oraz koszty.\nProsimy o telefon lub odpowiedź na tę wiadomość, aby umówić dogodny termin.\n{clinicName}", "{clinicName}: czas na wizytę kontrolną"),
        new(TemplatePurpose.RecallEmail, "sv", "Hej {firstName},\ndet är dags för din regelbundna kontroll hos {clinicName}. Förebyggande besök upptäcker små problem tidigt och sparar tid och pengar.\nRing oss eller svara på detta mejl för att boka en tid som passar dig.\n{clinicName}", "{clinicName}: dags för din kontroll"),
        new(TemplatePurpose.RecallEmail, "de", "Hallo {firstName},\nIhre regelmäßige Kontrolle bei {clinicName} steht an. Vorsorgetermine erkennen kleine Probleme früh und sparen später Zeit und Kosten.\nBitte rufen Sie uns an oder antworten Sie auf diese E-Mail, um einen passenden Termin zu vereinbaren.\n{clinicName}", "{clinicName}: Zeit für Ihre Kontrolle"),
        new(TemplatePurpose.Confirmation, "en", "{clinicName}: your visit is booked for {appointmentDate} at {appointmentTime}. Reply or call us to change it."),
        new(TemplatePurpose.Confirmation, "pl", "{clinicName}: wizyta umówiona na {appointmentDate} o {appointmentTime}. Aby ją zmienić, odpowiedz lub zadzwoń."),
        new(TemplatePurpose.Confirmation, "sv", "{clinicName}: ditt besök är bokat {appointmentDate} kl. {appointmentTime}. Svara eller ring för att ändra."),
        new(TemplatePurpose.Confirmation, "de", "{clinicName}: Ihr Termin ist am {appointmentDate} um {appointmentTime}. Zum Ändern antworten oder anrufen."),
        new(TemplatePurpose.PreVisitInstructions, "en", "{clinicName}: your visit is on {appointmentDate} at {appointmentTime}. {instructions}"),
        new(TemplatePurpose.PreVisitInstructions, "pl", "{clinicName}: wizyta {appointmentDate} o {appointmentTime}. {instructions}"),
        new(TemplatePurpose.PreVisitInstructions, "sv", "{clinicName}: ditt besök är {appointmentDate} kl. {appointmentTime}. {instructions}"),
        new(TemplatePurpose.PreVisitInstructions, "de", "{clinicName}: Ihr Termin ist am {appointmentDate} um {appointmentTime}. {instructions}"),
        new(TemplatePurpose.VisitReminder, "en", "{clinicName}: reminder of your visit on {appointmentDate} at {appointmentTime}."),
        new(TemplatePurpose.VisitReminder, "pl", "{clinicName}: przypominamy o wizycie {appointmentDate} o {appointmentTime}."),
        new(TemplatePurpose.VisitReminder, "sv", "{clinicName}: påminnelse om ditt besök {appointmentDate} kl. {appointmentTime}."),
        new(TemplatePurpose.VisitReminder, "de", "{clinicName}: Erinnerung an Ihren Termin am {appointmentDate} um {appointmentTime}."),
        new(TemplatePurpose.PreventiveCareEmail, "en", "Dear {firstName},\nyour last check-up with us was on {lastVisitDate}, and your next one is due on {dueDate}.\nWhy it matters: a regular hygiene visit removes the tartar that brushing cannot, finds decay and gum disease while they are small, painless and cheap to treat, and keeps your teeth for life. Most problems we find at these visits give no pain until late.\nBook at a time that suits you: call us, or reply to this email with the days and times you prefer.\nWe look forward to seeing you,\n{clinicName}", "{firstName}, why your next check-up at {clinicName} matters"),
        new(TemplatePurpose.PreventiveCareEmail, "pl", "Szanowna Pani / Szanowny Panie {firstName},\nostatnia wizyta kontrolna u nas odbyła się {lastVisitDate}, a kolejna przypada na {dueDate}.\nDlaczego to ważne: regularna higienizacja usuwa kamień, którego nie usunie szczoteczka, pozwala wykryć próchnicę i choroby dziąseł, gdy są jeszcze małe, bezbolesne i tanie w leczeniu, i pomaga zachować zęby na całe życie. Większość problemów wykrywanych podczas tych wizyt długo nie boli.\nProsimy o telefon lub odpowiedź na tę wiadomość z dogodnymi dniami i godzinami.\nDo zobaczenia,\n{clinicName}", "{firstName}, dlaczego warto przyjść na kontrolę do {clinicName}"),
        new(TemplatePurpose.PreventiveCareEmail, "sv", "Hej {firstName},\nditt senaste besök hos oss var {lastVisitDate} och nästa är dags {dueDate}.\nVarför det är viktigt: en regelbunden tandhygienistbehandling tar bort tandsten som tandborsten inte når, hittar karies och tandköttssjukdom medan de är små, smärtfria och billiga att behandla, och hjälper dig att behålla tänderna livet ut. De flesta problem vi hittar gör inte ont förrän sent.\nRing oss eller svara på detta mejl med de dagar och tider som passar dig.\nVälkommen,\n{clinicName}", "{firstName}, därför är din nästa kontroll hos {clinicName} viktig"),
        new(TemplatePurpose.PreventiveCareEmail, "de", "Hallo {firstName},\nIhre letzte Kontrolle bei uns war am {lastVisitDate}, die nächste steht am {dueDate} an.\nWarum das wichtig ist: Eine regelmäßige Prophylaxe entfernt Zahnstein, den die Zahnbürste nicht erreicht, erkennt Karies und Zahnfleischerkrankungen, solange sie klein, schmerzfrei und günstig zu behandeln sind, und hilft Ihnen, Ihre Zähne ein Leben lang zu behalten. Die meisten Probleme, die wir dabei finden, schmerzen erst spät.\nRufen Sie uns an oder antworten Sie auf diese E-Mail mit Ihren Wunschtagen und -zeiten.\nWir freuen uns auf Sie,\n{clinicName}", "{firstName}, warum Ihre nächste Kontrolle bei {clinicName} wichtig ist"),
        new(TemplatePurpose.SlotOffer, "en", "{clinicName}: a visit is free on {appointmentDate} at {appointmentTime}. Reply YES to take it; first come, first served."),
        new(TemplatePurpose.SlotOffer, "pl", "{clinicName}: zwolnił się termin {appointmentDate} o {appointmentTime}. Odpowiedz TAK, aby go zająć; decyduje kolejność."),
        new(TemplatePurpose.SlotOffer, "sv", "{clinicName}: en tid är ledig {appointmentDate} kl. {appointmentTime}. Svara JA för att ta den; först till kvarn."),
        new(TemplatePurpose.SlotOffer, "de", "{clinicName}: Ein Termin ist frei am {appointmentDate} um {appointmentTime}. Antworten Sie JA, um ihn zu nehmen; wer zuerst kommt."),
        new(TemplatePurpose.SlotTaken, "en", "{clinicName}: sorry, that time has just been taken. You stay on our list for the next free visit."),
        new(TemplatePurpose.SlotTaken, "pl", "{clinicName}: niestety ten termin został już zajęty. Pozostajesz na liście na kolejny wolny termin."),
        new(TemplatePurpose.SlotTaken, "sv", "{clinicName}: tyvärr är den tiden redan tagen. Du står kvar på listan för nästa lediga tid."),
        new(TemplatePurpose.SlotTaken, "de", "{clinicName}: Leider ist dieser Termin schon vergeben. Sie bleiben auf der Liste für den nächsten freien Termin."),
        new(TemplatePurpose.ServiceReminder, "en", "{clinicName}: {firstName} is due for {service} on {dueDate}. Please call us or reply to book.", "{clinicName}: {service} due on {dueDate}"),
        new(TemplatePurpose.ServiceReminder, "pl", "{clinicName}: termin {service} dla {firstName} przypada {dueDate}. Prosimy o telefon lub odpowiedź, aby umówić wizytę.", "{clinicName}: {service} – termin {dueDate}"),
        new(TemplatePurpose.ServiceReminder, "sv", "{clinicName}: {firstName} ska ha {service} {dueDate}. Ring oss eller svara för att boka.", "{clinicName}: {service} den {dueDate}"),
        new(TemplatePurpose.ServiceReminder, "de", "{clinicName}: {firstName} ist am {dueDate} fällig für {service}. Bitte rufen Sie uns an oder antworten Sie, um einen Termin zu vereinbaren.", "{clinicName}: {service} fällig am {dueDate}"),
        new(TemplatePurpose.ServiceReminderDigest, "en", "{clinicName}: coming up for your animals: {dueList}. Please call us or reply to book.", "{clinicName}: reminders for your animals"),
        new(TemplatePurpose.ServiceReminderDigest, "pl", "{clinicName}: zbliżające się terminy dla Twoich zwierząt: {dueList}. Prosimy o telefon lub odpowiedź, aby umówić wizytę.", "{clinicName}: przypomnienia dla Twoich zwierząt"),
        new(TemplatePurpose.ServiceReminderDigest, "sv", "{clinicName}: på gång för dina djur: {dueList}. Ring oss eller svara för att boka.", "{clinicName}: påminnelser för dina djur"),
        new(TemplatePurpose.ServiceReminderDigest, "de", "{clinicName}: anstehend für Ihre Tiere: {dueList}. Bitte rufen Sie uns an oder antworten Sie, um einen Termin zu vereinbaren.", "{clinicName}: Erinnerungen für Ihre Tiere"),
        new(TemplatePurpose.PageLink, "en", "{clinicName}: here is your new link: {pageLink}"),
        new(TemplatePurpose.PageLink, "pl", "{clinicName}: oto nowy link: {pageLink}"),
        new(TemplatePurpose.PageLink, "sv", "{clinicName}: här är din nya länk: {pageLink}"),
        new(TemplatePurpose.PageLink, "de", "{clinicName}: hier ist Ihr neuer Link: {pageLink}"),
        new(TemplatePurpose.PortalMessage, "en", "{clinicName}: you have a new message from us: {messagesLink}", "{clinicName}: a new message for you"),
        new(TemplatePurpose.PortalMessage, "pl", "{clinicName}: masz od nas nową wiadomość: {messagesLink}", "{clinicName}: nowa wiadomość dla Ciebie"),
        new(TemplatePurpose.PortalMessage, "sv", "{clinicName}: du har ett nytt meddelande från oss: {messagesLink}", "{clinicName}: ett nytt meddelande till dig"),
        new(TemplatePurpose.PortalMessage, "de", "{clinicName}: Sie haben eine neue Nachricht von uns: {messagesLink}", "{clinicName}: eine neue Nachricht für Sie"),
    ];

    /// <summary>
    /// The template to use: the clinic's own for the language, else the default for the language,
    /// else the clinic's (or default) template in the clinic's first language with one, else English.
    /// </summary>
    public static MessageTemplate Resolve(IReadOnlyList<MessageTemplate> clinic, TemplatePurpose purpose, string? language, IReadOnlyList<string> clinicLanguages)
    {
        MessageTemplate? Find(string? lang) => lang is null ? null
            : clinic.FirstOrDefault(t => t.Purpose == purpose && t.Language.Equals(lang, StringComparison.OrdinalIgnoreCase))
              ?? All.FirstOrDefault(t => t.Purpose == purpose && t.Language.Equals(lang, StringComparison.OrdinalIgnoreCase));

        return Find(language) ?? clinicLanguages.Select(Find).FirstOrDefault(t => t is not null) ?? Find("en")!;
    }
}
