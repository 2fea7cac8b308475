using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Staff;
using Recall.Grains;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.PatientLinks;
using Recall.Grains.Patients;
using Recall.Grains.Scheduling;

namespace Recall.Api.PatientPages;

/// <summary>
/// The patients' own pages, reached by signed, expiring links (<c>/p/{token}</c>): book the recall
/// visit from free slots, see, move or cancel an appointment. No account: the token names one patient
/// and one purpose. An expired link offers a new one by SMS to the number on file; a tampered one
/// shows nothing at all. Pages speak the patient's language (or the one picked below the page).
/// </summary>
public static class PatientPagesApi
{
    private const string ByPatient = "patient (own link)";
    private const int SlotsShown = 8;
    private const int SlotDays = 14;
    private const int MaxSlotsRead = 200; // enough to spread the choices over the days
    private const string LanguageCookie = "recall.lang";

    public static IEndpointRouteBuilder MapPatientPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("/p/{token}").AllowAnonymous().ExcludeFromDescription().WithMetadata(new StaffSessionIgnoredMetadata());
        pages.MapGet("", Show);
        pages.MapPost("/book", Book);
        pages.MapPost("/cancel", Cancel);
        pages.MapPost("/move", Move);
        pages.MapPost("/opt-out", OptOut);
        pages.MapPost("/pre-register", PreRegister);
        pages.MapPost("/renew", Renew);
        return routes;
    }

    private static Task<IResult> Show(string token, HttpContext http) =>
        WithLinkAsync(token, http, null, (visit, page) => visit.Link.Purpose switch
        {
            LinkPurpose.Book => BookPageAsync(visit, page),
            LinkPurpose.Appointment => AppointmentPageAsync(visit, page),
            LinkPurpose.OptOut => Task.FromResult(OptOutPage(visit, page)),
            LinkPurpose.Messages => MessagesPageAsync(visit, page),
            LinkPurpose.PreRegistration => PreRegistrationPageAsync(visit, page, null, new Dictionary<string, string>()),
            _ => Task.FromResult(Missing(page)),
        });

    private static Task<IResult> Book(string token, HttpContext http) =>
        WithFormAsync(token, http, async (form, visit, page) =>
        {
            if (visit.Link.Purpose != LinkPurpose.Book || !DateTimeOffset.TryParse(form["start"], System.Globalization.CultureInfo.InvariantCulture, out var start))
            {
                return Missing(page);
            }

            if (await UpcomingAsync(visit) is { } upcoming)
            {
                return Booked(visit, page, upcoming, "booked.title", "booked.text"); // A second tap, or the back button: nothing is booked twice.
            }

            // Only a time this page offers: the form's values are the patient's browser's, not ours.
            if (await BookableAsync(visit) is not { VisitType: { } visitType } || !await OfferedAsync(visit, visitType.Id, start))
            {
                page.Notice("book.taken");
                return await BookPageAsync(visit, page);
            }

            try
            {
                var booked = await visit.Patient.BookAsync(new BookingInput(visitType.Id, start, ByPatient));
                visit.Metrics.Action("booked");
                return Booked(visit, page, booked, "booked.title", "booked.text");
            }
            catch (Exception e) when (e is GrainConflictException or GrainValidationException)
            {
                page.Notice("book.taken");
                return await BookPageAsync(visit, page);
            }
        });

    private static Task<IResult> Cancel(string token, HttpContext http) =>
        WithFormAsync(token, http, async (form, visit, page) =>
        {
            if (await OwnAppointmentAsync(visit) is not { } appointment)
            {
                return Gone(page);
            }

            await visit.Patient.CancelAppointmentAsync(appointment.Id, ByPatient, "cancelled on the patient's page");
            visit.Metrics.Action("cancelled");
            return page.Heading("appointment.title").Paragraph("appointment.cancelled").Result();
        });

    private static Task<IResult> Move(string token, HttpContext http) =>
        WithFormAsync(token, http, async (form, visit, page) =>
        {
            if (await OwnAppointmentAsync(visit) is not { } appointment)
            {
                return Gone(page);
            }

            if (!DateTimeOffset.TryParse(form["start"], System.Globalization.CultureInfo.InvariantCulture, out var start))
            {
                return await AppointmentPageAsync(visit, page);
            }

            if (!await OfferedAsync(visit, appointment.VisitTypeId, start))
            {
                page.Notice("book.taken");
                return await AppointmentPageAsync(visit, page);
            }

            try
            {
                var moved = await visit.Patient.RescheduleAppointmentAsync(appointment.Id, start, ByPatient);
                visit.Metrics.Action("moved");
                return Booked(visit, page, moved, "appointment.title", "appointment.moved");
            }
            catch (Exception e) when (e is GrainConflictException or GrainValidationException)
            {
                page.Notice("book.taken");
                return await AppointmentPageAsync(visit, page);
            }
        });

    private static Task<IResult> OptOut(string token, HttpContext http) =>
        WithFormAsync(token, http, async (form, visit, page) =>
        {
            if (visit.Link.Purpose != LinkPurpose.OptOut || !Enum.TryParse<OptOutChoice>(form["what"], ignoreCase: true, out var choice) || !Enum.IsDefined(choice))
            {
                return OptOutPage(visit, page);
            }

            await visit.Patient.OptOutAsync(choice, "patient page");
            visit.Metrics.Action($"opted-out-{choice.ToString().ToLowerInvariant()}");
            var done = choice switch { OptOutChoice.Sms => "optout.doneSms", OptOutChoice.Email => "optout.doneEmail", _ => "optout.doneAll" };
            return page.Heading("optout.title").Notice(done).Result();
        });

    private static Task<IResult> PreRegister(string token, HttpContext http) =>
        WithFormAsync(token, http, async (form, visit, page) =>
        {
            var answers = new PreRegistrationAnswers(form["phone"], form["email"], form["insurer"], form["insuranceNumber"], form["reason"], form["consent"] == "yes");
            try
            {
                var appointment = await visit.Patient.PreRegisterAsync(visit.Link.Subject ?? "", answers);
                visit.Metrics.Action("pre-registered");
                return page.Heading("prereg.title").Notice("prereg.done", ("date", visit.DateText(appointment.Start, page))).Result();
            }
            catch (GrainNotFoundException)
            {
                return Gone(page);
            }
            catch (GrainValidationException invalid)
            {
                // The patient's own words back, each wrong field marked, in their language (not the API's English).
                var errors = invalid.Errors.Keys.ToDictionary(field => field, field => field switch
                {
                    "phone" => "prereg.error.phone",
                    "email" => "prereg.error.email",
                    "consent" => "prereg.error.consent",
                    _ => "prereg.error.tooLong",
                });
                return await PreRegistrationPageAsync(visit, page, answers, errors);
            }
        });

    private static async Task<IResult> PreRegistrationPageAsync(PageVisit visit, PatientPage page, PreRegistrationAnswers? sent, Dictionary<string, string> errors)
    {
        if (await OwnAppointmentAsync(visit, LinkPurpose.PreRegistration) is not { } appointment)
        {
            return Gone(page);
        }

        var asks = visit.Clinic.Settings.PreRegistration ?? PreRegistrationSettings.Default;
        var profile = visit.View.Profile;
        var earlier = appointment.PreRegistration;
        string? Error(string field) => errors.GetValueOrDefault(field);
        page.Heading("prereg.title").Paragraph("prereg.intro", ("visit", appointment.VisitTypeName), ("date", visit.DateText(appointment.Start, page)), ("time", visit.TimeText(appointment.Start, page)));
        if (errors.Count > 0)
        {
            page.Notice("prereg.fix");
        }
        else if (earlier is not null)
        {
            page.Notice("prereg.already", ("date", visit.DateText(earlier.At, page)));
        }

        page.FormStart($"{visit.Path}/pre-register");
        if (asks.AskContact)
        {
            page.Field("phone", "prereg.phone", sent?.Phone ?? profile.Phone, Error("phone"), "tel", "tel")
                .Field("email", "prereg.email", sent?.Email ?? profile.Email, Error("email"), "email", "email");
        }

        if (asks.AskInsurance)
        {
            page.Field("insurer", "prereg.insurer", sent?.Insurer ?? earlier?.Insurer, Error("insurer"))
                .Field("insuranceNumber", "prereg.insuranceNumber", sent?.InsuranceNumber ?? earlier?.InsuranceNumber, Error("insuranceNumber"));
        }

        if (asks.AskReason)
        {
            page.Field("reason", "prereg.reason", sent?.Reason ?? earlier?.Reason, Error("reason"), "textarea");
        }

        if (asks.ConsentText is { } consent)
        {
            page.Checkbox("consent", consent, sent?.Consent ?? earlier?.Consent ?? false, Error("consent"));
        }

        var status = errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        return page.FormEnd(page.T("prereg.submit")).Result(status);
    }

    /// <summary>The clinic's messages, newest first; opening the page reads them.</summary>
    private static async Task<IResult> MessagesPageAsync(PageVisit visit, PatientPage page)
    {
        var messages = await visit.Patient.ReadPortalMessagesAsync();
        page.Heading("messages.title", ("clinic", visit.Clinic.Settings.Name));
        if (messages.Count == 0)
        {
            return page.Paragraph("messages.none").Result();
        }

        foreach (var message in messages.Reverse())
        {
            page.Message(page.T("messages.from", ("date", visit.DateText(message.At, page)), ("by", message.By)), message.Text);
        }

        return page.Result();
    }

    /// <summary>As easy as consent was given: one tap for each channel, or for everything.</summary>
    private static IResult OptOutPage(PageVisit visit, PatientPage page)
    {
        page.Heading("optout.title").Paragraph("optout.text");
        foreach (var (what, label) in new[] { ("sms", "optout.sms"), ("email", "optout.email"), ("everything", "optout.all") })
        {
            page.Button($"{visit.Path}/opt-out", page.T(label), new Dictionary<string, string> { ["what"] = what }, secondary: what != "everything");
        }

        return page.Result();
    }

    /// <summary>An expired link asks for a new one: whatever happens, the page says the same, so it tells a stranger nothing.</summary>
    private static async Task<IResult> Renew(string token, HttpContext http, PatientLinks links, IGrainFactory grains, [FromKeyedServices(RecallClock.Key)] TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var check = links.Signer.Read(token, time.GetUtcNow());
        var page = new PatientPage(PatientText.Pick(AskedLanguage(http, form["lang"])), null, $"/p/{token}");
        if (check is not { State: LinkState.Expired or LinkState.Valid, Link: { } link })
        {
            return Invalid(page);
        }

        await grains.GetGrain<IPatientGrain>($"{link.ClinicId}/{link.PatientId}").SendPageLinkAsync(link.Purpose, link.Subject);
        http.RequestServices.GetRequiredService<PatientPageMetrics>().Action("new-link-asked");
        return page.Heading("expired.title").Notice("expired.sent").Result();
    }

    /// <summary>A page's form: read once, its language (the hidden field) before the link's own.</summary>
    private static async Task<IResult> WithFormAsync(string token, HttpContext http, Func<IFormCollection, PageVisit, PatientPage, Task<IResult>> act)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return await WithLinkAsync(token, http, form["lang"], (visit, page) => act(form, visit, page));
    }

    /// <summary>Checks the token, finds its clinic and patient, picks the language, and hands over to <paramref name="show"/>.</summary>
    private static async Task<IResult> WithLinkAsync(string token, HttpContext http, string? formLanguage, Func<PageVisit, PatientPage, Task<IResult>> show)
    {
        var services = http.RequestServices;
        var time = services.GetRequiredKeyedService<TimeProvider>(RecallClock.Key);
        var check = services.GetRequiredService<PatientLinks>().Signer.Read(token, time.GetUtcNow());
        var metrics = services.GetRequiredService<PatientPageMetrics>();
        if (HttpMethods.IsGet(http.Request.Method))
        {
            metrics.Opened(check.Link?.Purpose, check.State);
        }

        var asked = AskedLanguage(http, formLanguage);
        var self = $"/p/{token}";
        if (check.Link is not { } link)
        {
            return Invalid(new PatientPage(PatientText.Pick(asked), null, self));
        }

        var grains = services.GetRequiredService<IGrainFactory>();
        var clinic = await grains.GetGrain<IClinicGrain>(link.ClinicId).GetAsync();
        var patient = grains.GetGrain<IPatientGrain>($"{link.ClinicId}/{link.PatientId}");
        var view = clinic is null ? null : await patient.GetAsync();
        var page = new PatientPage(PatientText.Pick(asked, view?.Profile.Language, clinic is { Settings.Languages.Count: > 0 } ? clinic.Settings.Languages[0] : null),
            clinic?.Settings.Name, self, clinic?.Settings.BrandColour);
        if (check.State == LinkState.Expired)
        {
            return page.Heading("expired.title").Paragraph("expired.text").Button($"{self}/renew", page.T("expired.button")).Result(StatusCodes.Status410Gone);
        }

        if (clinic is null || view is null || view.Profile.Status != PatientStatus.Active)
        {
            return Missing(page);
        }

        return await show(new PageVisit(token, link, clinic, patient, view, grains, services.GetRequiredService<PatientLinks>(), metrics, time.GetUtcNow()), page);
    }

    /// <summary>A language picked below a page (?lang=) holds for the patient's next pages too (a cookie on /p only).</summary>
    private static string? AskedLanguage(HttpContext http, string? formLanguage)
    {
        var picked = http.Request.Query["lang"].ToString();
        if (PatientText.Catalogue.ContainsKey(picked))
        {
            http.Response.Cookies.Append(LanguageCookie, picked, new CookieOptions
            {
                Path = "/p", HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
            });
            return picked;
        }

        return formLanguage ?? http.Request.Cookies[LanguageCookie];
    }

    private static async Task<IResult> BookPageAsync(PageVisit visit, PatientPage page)
    {
        if (await UpcomingAsync(visit) is { } upcoming)
        {
            return Booked(visit, page, upcoming, "booked.title", "booked.text");
        }

        var (cycle, visitType) = await BookableAsync(visit);
        if (cycle is null || visitType is null)
        {
            // Not due for anything, or nothing of the clinic's to book online for it: say which.
            return page.Heading("book.title").Paragraph(cycle is null ? "booked.nothing" : "book.none").Result();
        }

        page.Heading("book.title").Paragraph("book.intro", ("name", visit.View.Profile.FirstName), ("service", cycle.RecallName));
        var slots = await visit.Patient.SuggestSlotsAsync(visitType.Id, SlotDays, MaxSlotsRead);
        if (slots.Count == 0)
        {
            return page.Paragraph("book.none").Result();
        }

        foreach (var slot in visit.Spread(slots, SlotsShown))
        {
            page.Button($"{visit.Path}/book", page.T("book.button", ("time", visit.SlotText(slot.Start, page))),
                new Dictionary<string, string> { ["start"] = slot.Start.ToString("O") });
        }

        return page.Result();
    }

    private static async Task<IResult> AppointmentPageAsync(PageVisit visit, PatientPage page)
    {
        if (await OwnAppointmentAsync(visit) is not { } appointment)
        {
            return Gone(page);
        }

        var self = visit.Path;
        page.Heading("appointment.title").Paragraph("appointment.text", ("visit", appointment.VisitTypeName), ("date", visit.DateText(appointment.Start, page)), ("time", visit.TimeText(appointment.Start, page)));
        page.Paragraph("appointment.move");
        foreach (var slot in visit.Spread((await visit.Patient.SuggestSlotsAsync(appointment.VisitTypeId, SlotDays, MaxSlotsRead)).Where(s => s.Start != appointment.Start), SlotsShown))
        {
            page.Button($"{self}/move", page.T("appointment.moveTo", ("time", visit.SlotText(slot.Start, page))), new Dictionary<string, string> { ["start"] = slot.Start.ToString("O") }, secondary: true);
        }

        return page.Button($"{self}/cancel", page.T("appointment.cancel"), secondary: true).Result();
    }

    private static async Task<PatientAppointment?> UpcomingAsync(PageVisit visit) =>
        (await visit.Patient.GetAppointmentsAsync()).FirstOrDefault(a => a.Status == AppointmentStatus.Booked && a.Start > visit.Now);

    /// <summary>The recall to book (the soonest due) and the clinic's visit type for it, if it has one.</summary>
    private static async Task<(RecallCycleView? Cycle, VisitType? VisitType)> BookableAsync(PageVisit visit)
    {
        var cycle = visit.View.Recalls.OrderBy(c => c.DueDate).FirstOrDefault();
        var visitType = cycle is null ? null
            : (await visit.Grains.GetGrain<IScheduleGrain>(visit.Link.ClinicId).GetSetupAsync()).VisitTypes.FirstOrDefault(v => v.RecallType == cycle.RecallType);
        return (cycle, visitType);
    }

    /// <summary>Whether <paramref name="start"/> is among the free times the page offers for the visit type.</summary>
    private static async Task<bool> OfferedAsync(PageVisit visit, string visitTypeId, DateTimeOffset start) =>
        (await visit.Patient.SuggestSlotsAsync(visitTypeId, SlotDays, MaxSlotsRead)).Any(slot => slot.Start == start);

    /// <summary>The link's appointment while it is still booked and ahead.</summary>
    private static async Task<PatientAppointment?> OwnAppointmentAsync(PageVisit visit, LinkPurpose purpose = LinkPurpose.Appointment) =>
        visit.Link.Purpose != purpose ? null
            : (await visit.Patient.GetAppointmentsAsync()).FirstOrDefault(a => a.Id == visit.Link.Subject && a.Status == AppointmentStatus.Booked && a.Start > visit.Now);

    private static IResult Booked(PageVisit visit, PatientPage page, PatientAppointment appointment, string title, string text)
    {
        page.Heading(title).Paragraph(text, ("visit", appointment.VisitTypeName), ("date", visit.DateText(appointment.Start, page)), ("time", visit.TimeText(appointment.Start, page)));
        if (visit.Link.Purpose != LinkPurpose.Appointment)
        {
            page.Link(visit.AppointmentUrl(appointment), page.T("appointment.manage"));
        }

        return page.Result();
    }

    private static IResult Gone(PatientPage page) => page.Heading("appointment.title").Paragraph("appointment.gone").Result();

    private static IResult Missing(PatientPage page) => page.Heading("missing.title").Paragraph("missing.text").Result(StatusCodes.Status404NotFound);

    private static IResult Invalid(PatientPage page) => page.Heading("invalid.title").Paragraph("invalid.text").Result(StatusCodes.Status400BadRequest);
}
