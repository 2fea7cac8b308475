using Recall.Grains.Hosting;
using Recall.Grains.Queries;

namespace Recall.Grains.Clinics;

[Orleans.GrainType("clinic")] // The stored grain type: part of the database, never renamed.
public sealed partial class ClinicGrain(IRecallQueries queries) : Grain<ClinicState>, IClinicGrain, IRemindable
{
    private string ClinicId => GrainKey;

    public Task<ClinicView> CreateAsync(ClinicSettings settings, IReadOnlyList<RecallRule> rules)
    {
        if (State.Exists)
        {
            throw new GrainConflictException($"The clinic '{ClinicId}' already exists.");
        }

        settings = settings?.WithCountry()!;
        var errors = new ValidationErrors();
        ClinicValidation.Check(settings, errors);
        ClinicValidation.Check(rules, errors);
        errors.ThrowIfAny();

        State.Exists = true;
        State.Settings = settings;
        State.RecallRules = [.. rules];
        State.CreatedAt = Time.GetUtcNow();
        ScheduleReports();
        return Task.FromResult(View());
    }

    public Task<ClinicView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    public Task<ClinicView> UpdateSettingsAsync(ClinicSettings settings)
    {
        EnsureExists();
        settings = settings?.WithCountry()!;
        ClinicValidation.ThrowIfInvalid(settings);
        State.Settings = settings;
        ScheduleReports();
        return Task.FromResult(View());
    }

    public Task<ClinicView> SetRecallRulesAsync(IReadOnlyList<RecallRule> rules)
    {
        EnsureExists();
        ClinicValidation.ThrowIfInvalid(rules);
        State.RecallRules = [.. rules];
        return Task.FromResult(View());
    }

    public Task<RecallContext> GetRecallContextAsync()
    {
        EnsureExists();
        return Task.FromResult(new RecallContext(State.Settings!.Name, State.Settings.TimeZone, State.Settings.Languages, State.RecallRules, State.Settings.Sending, State.Templates, State.Settings.SmsSender,
            State.Settings.StaffWebhookUrl, State.Settings.IntegrationWebhookUrl, State.Settings.Workflow, State.Settings.Country ?? TimeZoneCountries.CountryOf(State.Settings.TimeZone)));
    }

    public Task<ApiKeyView> AddApiKeyAsync(string keyId, string name, string secretHash)
    {
        EnsureExists();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw GrainValidationException.For("name", "Give the key a name that says who uses it (e.g. 'practice system').");
        }

        if (State.ApiKeys.Any(k => k.KeyId == keyId))
        {
            throw new GrainConflictException($"An API key with id '{keyId}' exists.");
        }

        var key = new ApiKey(keyId, name.Trim(), secretHash, Time.GetUtcNow());
        State.ApiKeys.Add(key);
        return Task.FromResult(ToView(key));
    }

    public Task<ApiKeyView> RevokeApiKeyAsync(string keyId)
    {
        EnsureExists();
        var index = State.ApiKeys.FindIndex(k => k.KeyId == keyId);
        if (index < 0)
        {
            throw new GrainNotFoundException($"The clinic has no API key '{keyId}'.");
        }

        var key = State.ApiKeys[index];
        if (key.RevokedAt is null)
        {
            State.ApiKeys[index] = key = key with { RevokedAt = Time.GetUtcNow() };
        }

        return Task.FromResult(ToView(key));
    }

    public Task<ApiKeyRow?> FindApiKeyAsync(string keyId) =>
        Task.FromResult(State.ApiKeys.Find(k => k.KeyId == keyId) is { } key ? new ApiKeyRow(key.KeyId, ClinicId, key.SecretHash, key.RevokedAt is not null) : null);

    public Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync()
    {
        EnsureExists();
        return Task.FromResult<IReadOnlyList<ApiKeyView>>([.. State.ApiKeys.Select(ToView)]);
    }

    public Task<EffectiveTemplate> SetTemplateAsync(Templates.MessageTemplate wording)
    {
        var template = wording;
        EnsureExists();
        var errors = new ValidationErrors();
        if (!Enum.IsDefined(template.Purpose))
        {
            errors.Add("purpose", $"The purpose is one of {string.Join(", ", Enum.GetNames<Templates.TemplatePurpose>())}.");
        }

        if (!State.Settings!.Languages.Contains(template.Language, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("language", $"'{template.Language}' is not one of the clinic's languages ({string.Join(", ", State.Settings.Languages)}).");
        }

        Templates.TemplateRenderer.Check(template, errors);
        errors.ThrowIfAny();
        State.Templates.RemoveAll(t => t.Purpose == template.Purpose && t.Language.Equals(template.Language, StringComparison.OrdinalIgnoreCase));
        State.Templates.Add(template with { Language = template.Language.ToLowerInvariant() });
        return Task.FromResult(Effective(template.Purpose, template.Language));
    }

    public Task<EffectiveTemplate> ResetTemplateAsync(Templates.TemplatePurpose purpose, string language)
    {
        EnsureExists();
        State.Templates.RemoveAll(t => t.Purpose == purpose && t.Language.Equals(language, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(Effective(purpose, language));
    }

    public Task<IReadOnlyList<EffectiveTemplate>> ListTemplatesAsync()
    {
        EnsureExists();
        return Task.FromResult<IReadOnlyList<EffectiveTemplate>>(
            [.. Enum.GetValues<Templates.TemplatePurpose>().SelectMany(purpose => State.Settings!.Languages.Select(language => Effective(purpose, language)))]);
    }

    private EffectiveTemplate Effective(Templates.TemplatePurpose purpose, string language)
    {
        var own = State.Templates.FirstOrDefault(t => t.Purpose == purpose && t.Language.Equals(language, StringComparison.OrdinalIgnoreCase));
        var template = own ?? Templates.TemplateDefaults.Resolve([], purpose, language, State.Settings!.Languages);
        return new EffectiveTemplate(purpose, language.ToLowerInvariant(), template.Body, template.Subject, own is null, Templates.SmsSegments.Measure(template.Body));
    }

    public async Task<RecallCounts> GetCountsAsync()
    {
        var context = await GetRecallContextAsync();
        return await queries.CountRecallsAsync(ClinicId, context.Today(Time.GetUtcNow()), CancellationToken.None);
    }

    protected override IEnumerable<QueryRow> ProjectRows()
    {
        if (!State.Exists)
        {
            yield break;
        }

        yield return new ClinicRow(ClinicId, State.Settings!.Name, State.Settings.TimeZone);
        foreach (var key in State.ApiKeys)
        {
            yield return new ApiKeyRow(key.KeyId, ClinicId, key.SecretHash, key.RevokedAt is not null);
        }
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw new GrainNotFoundException($"There is no clinic '{ClinicId}'.");
        }
    }

    private ClinicView View() => new(ClinicId, State.Settings!, State.RecallRules, State.CreatedAt);

    private static ApiKeyView ToView(ApiKey key) => new(key.KeyId, key.Name, key.CreatedAt, key.RevokedAt);
}
