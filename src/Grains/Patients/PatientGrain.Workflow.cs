using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Insurance;
using Recall.Grains.Retention;
using Recall.Grains.Scheduling;
using Recall.Grains.Tasks;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

/// <summary>
/// The recall workflow around the first notice: the outreach on the due date (tasks by role, the
/// preventive-care email, insurance and the suggested visit date), the follow-ups when nobody
/// answers, and the staff tasks with what completing them does to the cycle.
/// </summary>
public sealed partial class PatientGrain
{
    private const string OverdueAlertPrefix = "recall-overdue:";
    private const string NoResponsePrefix = "recall-no-response:";

    /// <summary>
    /// The outreach when a cycle falls due (steps 1-10 and 17): the recall SMS (or email), the
    /// personal preventive-care email, "recall required", a high-priority task for the front desk and a
    /// history review for the hygienist, an insurance verification task when the insurance will not do,
    /// and the later checks: the lead dentist's alert and the office manager's follow-up.
    /// </summary>
    private async Task<RecallCycle> StartOutreachAsync(RecallCycle cycle, RecallContext context)
    {
        var now = Time.GetUtcNow();
        var today = context.Today(now);
        var plan = Plan(cycle, context, today);
        // A rule with a send schedule tells the client by its own sends (planned from the due date): no notice on top.
        var hasSchedule = context.Rules.FirstOrDefault(r => r.Type == cycle.RecallType)?.Schedule is { Count: > 0 };
        if (!hasSchedule && await SendRecallNoticeAsync(cycle, context) == "sms")
        {
            SendPreventiveCareEmail(cycle, context); // By email alone, the notice is the email (one message, not two).
        }

        var suffix = CycleSuffix(cycle);
        var since = cycle.LastVisit is { } last ? $"{today.DayNumber - last.DayNumber} days since the last visit ({last:yyyy-MM-dd})" : "no visit on record";
        AddTask(TaskSteps.Remind, suffix, TaskPriority.High, $"Remind about {plan.Name}, due {cycle.DueDate:yyyy-MM-dd}; {since}. Suggested visit: {plan.Suggested.Date:yyyy-MM-dd}.", cycle.RecallType);
        AddTask(TaskSteps.ReviewHistory, suffix, TaskPriority.Normal, $"Review the history before the {plan.Name} visit; {since}.", cycle.RecallType);
        if (context.WorkflowRules.VerifyInsurance && Coverage.Problem(State.Insurance, today, plan.Suggested.Date) is { } problem)
        {
            AddTask(TaskSteps.VerifyInsurance, suffix, TaskPriority.Normal, $"{problem} Verify the primary insurance before the {plan.Name} visit.", cycle.RecallType);
        }

        var workflow = context.WorkflowRules;
        RegisterOrUpdateReminder(OverdueAlertPrefix + cycle.RecallType, context.StartOf(cycle.DueDate.AddDays(workflow.OverdueAlertDays)));
        RegisterOrUpdateReminder(NoResponsePrefix + cycle.RecallType, now.AddDays(workflow.NoResponseDays));
        return cycle with { NoticeSent = true, OutreachStartedAt = now };
    }

    /// <summary>Step 6: after the SMS, a detailed, personal email on the benefits of preventive care, when there is an address (it waits for the caps).</summary>
    private void SendPreventiveCareEmail(RecallCycle cycle, RecallContext context)
    {
        var profile = State.Profile!;
        if (profile.PreferredChannel == ContactChannel.None || NoticeRecipientEmail() is not { } email)
        {
            return;
        }

        var (body, subject) = context.Message(TemplatePurpose.PreventiveCareEmail, profile.Language, MessageValues(context, cycle));
        Send(new OutboxMessage("email", EducationKey(cycle), email, body, subject, ScheduleSend(context), context.SendWindow));
    }

    /// <summary>Step 12: the cycle is still not booked long after its due date: a task and a staff notification for the lead dentist.</summary>
    private async Task AlertOverdueAsync(ReminderTick tick)
    {
        var context = await LoadRecallContextAsync();
        if (OpenOutreach(tick.Name[OverdueAlertPrefix.Length..]) is not { } cycle)
        {
            return;
        }

        var days = context.Today(Time.GetUtcNow()).DayNumber - cycle.DueDate.DayNumber;
        AddTask(TaskSteps.OverdueAlert, CycleSuffix(cycle), TaskPriority.High, $"{days} days overdue for {RuleName(context, cycle)} (due {cycle.DueDate:yyyy-MM-dd}) and not booked.", cycle.RecallType);
        NotifyStaff(context, $"overdue:{cycle.RecallType}:{cycle.DueDate:yyyy-MM-dd}", $"is {days} days overdue for {RuleName(context, cycle)} and not booked.");
    }

    /// <summary>Step 27: no reply and no booking since the first contacts: the office manager follows up.</summary>
    private async Task FollowUpNoResponseAsync(ReminderTick tick)
    {
        var context = await LoadRecallContextAsync();
        if (OpenOutreach(tick.Name[NoResponsePrefix.Length..]) is not { OutreachStartedAt: { } started } cycle
            || State.InboundMessages.Any(m => m.At >= started))
        {
            return;
        }

        var attempts = State.ContactAttempts.Count(a => a.At >= started);
        AddTask(TaskSteps.NoResponse, CycleSuffix(cycle), TaskPriority.Normal,
            $"No answer to {attempts} contact attempt(s) since {started:yyyy-MM-dd} about {RuleName(context, cycle)}.", cycle.RecallType);
    }

    /// <summary>The open, not yet booked outreach of a recall type, if any.</summary>
    private RecallCycle? OpenOutreach(string recallType) =>
        State.Cycles.FirstOrDefault(c => c.RecallType == recallType && c.OutreachStartedAt is not null && c.Status is RecallStatus.Overdue or RecallStatus.Contacted);

    /// <summary>Step 23: the cycle is booked or done: its outreach reminders and unsent messages go.</summary>
    private void EndOutreach(RecallCycle cycle, string why)
    {
        UnregisterReminder(DueReminderPrefix + cycle.RecallType);
        UnregisterReminder(OverdueAlertPrefix + cycle.RecallType);
        UnregisterReminder(NoResponsePrefix + cycle.RecallType);
        CancelMessage(NoticeKey(cycle));
        CancelMessage(NoticeKey(cycle) + ":email");
        CancelMessage(EducationKey(cycle));
        WithdrawRecallSends(cycle.RecallType, why);
        CloseTasks(t => t.RecallType == cycle.RecallType && TaskSteps.EndedByBooking.Contains(t.Step), why);
    }

    private void AddTask(string step, string suffix, TaskPriority priority, string reason, string? recallType)
    {
        var id = $"{step}-{suffix}";
        if (State.Tasks.Any(t => t.Id == id))
        {
            return; // A step never makes a second task, even when the first is done.
        }

        var now = Time.GetUtcNow();
        State.Tasks.Add(new StaffTask(id, step, TaskSteps.RoleOf(step), priority, reason, now, now, RecallType: recallType));
    }

    private void CloseTasks(Func<StaffTask, bool> which, string why)
    {
        for (var i = 0; i < State.Tasks.Count; i++)
        {
            if (State.Tasks[i].IsOpen && which(State.Tasks[i]))
            {
                State.Tasks[i] = State.Tasks[i] with { Status = StaffTaskStatus.Cancelled, Note = why, ClosedAt = Time.GetUtcNow(), ClosedBy = "workflow" };
            }
        }
    }

    public Task<IReadOnlyList<StaffTask>> GetTasksAsync()
    {
        EnsureExists();
        return Task.FromResult<IReadOnlyList<StaffTask>>([.. State.Tasks.OrderBy(t => t.IsOpen ? 0 : 1).ThenBy(t => t.Priority).ThenBy(t => t.DueAt)]);
    }

    public Task<StaffTask> ClaimTaskAsync(string taskId, string by)
    {
        var (index, task) = OpenTask(taskId);
        EnsureNotClaimedByOther(task, by);
        State.Tasks[index] = task with { Status = StaffTaskStatus.Claimed, ClaimedBy = by };
        return Task.FromResult(State.Tasks[index]);
    }

    public Task<StaffTask> SnoozeTaskAsync(string taskId, DateTimeOffset until, string by)
    {
        var (index, task) = OpenTask(taskId);
        EnsureNotClaimedByOther(task, by);
        var now = Time.GetUtcNow();
        if (until <= now || until > now.AddDays(30))
        {
            throw GrainValidationException.For("until", "Snooze until a time in the next 30 days.");
        }

        State.Tasks[index] = task with { SnoozedUntil = until, DueAt = until, Note = $"snoozed by {by}" };
        return Task.FromResult(State.Tasks[index]);
    }

    /// <summary>Completes a task; its outcome feeds back (a call is logged and moves the cycle, a verification stamps the insurance).</summary>
    public async Task<StaffTask> CompleteTaskAsync(string taskId, TaskCompletion completion)
    {
        var (index, task) = OpenTask(taskId);
        EnsureNotClaimedByOther(task, completion.By);
        var context = await LoadRecallContextAsync();
        var allowed = TaskSteps.OutcomesOf(task.Step);
        if (completion.Outcome is not { } outcome || !allowed.Contains(outcome))
        {
            throw GrainValidationException.For("outcome", $"A {task.Step} task ends with one of: {string.Join(", ", allowed.Select(o => o.ToString().ToLowerInvariant()))}.");
        }

        var now = Time.GetUtcNow();
        if (task.Step == TaskSteps.VerifyInsurance && outcome == TaskOutcome.Verified)
        {
            var today = context.Today(now);
            if (Coverage.Problem(State.Insurance, today, today) is { } problem)
            {
                throw GrainValidationException.For("outcome", $"{problem} Record the current insurance on the patient first.");
            }

            State.Insurance = State.Insurance! with { VerifiedAt = now, VerifiedBy = completion.By };
        }

        if (Enum.TryParse<CallOutcome>(outcome.ToString(), out var call))
        {
            RecordCall(new CallLog(call, completion.Note, completion.By), context, $"task {task.Id}");
        }

        if (outcome == TaskOutcome.Resolved)
        {
            State.HardToReach = null;
        }

        State.Tasks[index] = task with { Status = StaffTaskStatus.Done, Outcome = outcome, Note = completion.Note, ClosedBy = completion.By, ClosedAt = now };
        State.UpdatedAt = now;
        return State.Tasks[index];
    }

    /// <summary>A claim is a promise to colleagues: only the person who claimed a task works it.</summary>
    private static void EnsureNotClaimedByOther(StaffTask task, string by)
    {
        if (task.Status == StaffTaskStatus.Claimed && task.ClaimedBy != by)
        {
            throw new GrainConflictException($"{task.ClaimedBy} is working on this task.");
        }
    }

        private (int Index, StaffTask Task) OpenTask(string taskId)
    {
        EnsureExists();
        var index = State.Tasks.FindIndex(t => t.Id == taskId);
        if (index < 0)
        {
            throw new GrainNotFoundException($"The patient has no task '{taskId}'.");
        }

        var task = State.Tasks[index];
        return task.IsOpen ? (index, task) : throw new GrainConflictException($"The task '{taskId}' is already {task.Status.ToString().ToLowerInvariant()}.");
    }

    public async Task<RecallPlanView> SetInsuranceAsync(InsurancePolicy policy)
    {
        EnsureExists();
        var errors = new ValidationErrors();
        InsurancePolicy.Check(policy, errors);
        errors.ThrowIfAny();
        var context = await LoadRecallContextAsync();
        State.Insurance = policy with { Insurer = policy.Insurer.Trim(), Plan = policy.Plan.Trim(), MemberId = policy.MemberId.Trim() };
        var today = context.Today(Time.GetUtcNow());
        CloseTasks(t => t.Step == TaskSteps.VerifyInsurance && Coverage.Problem(State.Insurance, today, today) is null, "insurance recorded");
        State.UpdatedAt = Time.GetUtcNow();
        return PlanView(context);
    }

    public async Task<RecallPlanView> SetVisitPreferencesAsync(VisitPreferences preferences)
    {
        EnsureExists();
        var errors = new ValidationErrors();
        preferences.Check(errors);
        errors.ThrowIfAny();
        State.Preferences = preferences;
        State.UpdatedAt = Time.GetUtcNow();
        return PlanView(await LoadRecallContextAsync());
    }

    public async Task<RecallPlanView> GetRecallPlanAsync()
    {
        EnsureExists();
        return PlanView(await LoadRecallContextAsync());
    }

    private RecallPlanView PlanView(RecallContext context)
    {
        var today = context.Today(Time.GetUtcNow());
        return new RecallPlanView(
            PatientId,
            [.. State.Cycles.Select(c => Plan(c, context, today))],
            State.Insurance,
            State.Preferences,
            RetentionScore.Compute(State.CompletedCycles, State.Cycles, today));
    }

    /// <summary>Steps 3, 9 and 10 for one cycle: days since the last visit, insurance coverage, and the suggested visit date.</summary>
    private CyclePlan Plan(RecallCycle cycle, RecallContext context, DateOnly today)
    {
        var rule = context.Rules.FirstOrDefault(r => r.Type == cycle.RecallType);
        var qualifying = rule is null ? [] : State.Visits.Where(v => rule.IsCompletedBy(v.ServiceCodes)).Select(v => v.Date).ToList();
        var from = cycle.DueDate > today ? cycle.DueDate : today.AddDays(1);
        var insurerEarliest = State.Insurance is { } policy ? Coverage.EarliestAllowed(policy, qualifying, from) : (DateOnly?)null;
        var dueReason = cycle.ManualDueDate is not null
            ? $"Due {cycle.DueDate:yyyy-MM-dd} (set by staff)."
            : $"Due {cycle.DueDate:yyyy-MM-dd}: {rule?.IntervalMonths} months{(rule is { ExtraDays: > 0 } ? $" and {rule.ExtraDays} days" : "")} after the last visit ({cycle.LastVisit:yyyy-MM-dd}).";
        var suggested = VisitSuggester.Suggest(cycle.DueDate, dueReason, insurerEarliest, State.Preferences, today);
        return new CyclePlan(
            cycle.RecallType,
            RuleName(context, cycle),
            cycle.Status,
            cycle.DueDate,
            cycle.LastVisit is { } last ? today.DayNumber - last.DayNumber : null,
            cycle.RecallRequired,
            Coverage.Check(State.Insurance, qualifying, suggested.Date),
            suggested);
    }

    private static string RuleName(RecallContext context, RecallCycle cycle) => RuleName(context, cycle.RecallType);

    private static string CycleSuffix(RecallCycle cycle) => $"{cycle.RecallType}-{cycle.DueDate:yyyyMMdd}";

    private static string EducationKey(RecallCycle cycle) => $"recall-education:{cycle.RecallType}:{cycle.DueDate:yyyy-MM-dd}";
}

/// <summary>How staff ended a task: the outcome, a note, and who.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record TaskCompletion(TaskOutcome? Outcome, string? Note, string By);

/// <summary>One recall cycle with what the workflow worked out for it.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CyclePlan(
    string RecallType,
    string Name,
    RecallStatus Status,
    DateOnly DueDate,
    int? DaysSinceLastVisit,
    bool RecallRequired,
    CoverageCheck Coverage,
    SuggestedVisit Suggested);

/// <summary>The patient's recall plan: cycles with coverage and suggestions, insurance, preferences, retention score.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record RecallPlanView(
    string PatientId,
    IReadOnlyList<CyclePlan> Cycles,
    InsurancePolicy? Insurance,
    VisitPreferences? Preferences,
    RetentionView Retention);
