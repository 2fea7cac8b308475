using Recall.Grains.Hosting;
using Recall.Grains.Queries;

namespace Recall.Grains.Clinics;

/// <summary>A clinic: its settings and recall rules, its integrations' API keys, its live counts. Key: the clinic id.</summary>
public interface IClinicGrain : IGrain
{
    /// <summary>Creates the clinic; fails with a conflict if it exists.</summary>
    Task<ClinicView> CreateAsync(ClinicSettings settings, IReadOnlyList<RecallRule> rules);

    /// <summary>The clinic, or null if it does not exist.</summary>
    Task<ClinicView?> GetAsync();

    /// <summary>Replaces the clinic's general settings.</summary>
    Task<ClinicView> UpdateSettingsAsync(ClinicSettings settings);

    /// <summary>Replaces the recall rules; callers then refresh the clinic's patients.</summary>
    Task<ClinicView> SetRecallRulesAsync(IReadOnlyList<RecallRule> rules);

    /// <summary>What a patient needs to compute its recall cycles.</summary>
    Task<RecallContext> GetRecallContextAsync();

    /// <summary>Adds an API key whose secret (hashed by the caller) is known only to the integration.</summary>
    Task<ApiKeyView> AddApiKeyAsync(string keyId, string name, string secretHash);

    /// <summary>Revokes an API key; it stops working at once.</summary>
    Task<ApiKeyView> RevokeApiKeyAsync(string keyId);

    /// <summary>One of the clinic's keys with its secret's hash, to authenticate a request; null if the clinic has no such key.</summary>
    Task<ApiKeyRow?> FindApiKeyAsync(string keyId);

    /// <summary>The clinic's API keys, without secrets.</summary>
    Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync();

    /// <summary>Sets the clinic's wording for one purpose and language; an unknown placeholder is refused.</summary>
    Task<EffectiveTemplate> SetTemplateAsync(Templates.MessageTemplate wording);

    /// <summary>Goes back to the default wording for one purpose and language.</summary>
    Task<EffectiveTemplate> ResetTemplateAsync(Templates.TemplatePurpose purpose, string language);

    /// <summary>Every purpose in each of the clinic's languages, as used now.</summary>
    Task<IReadOnlyList<EffectiveTemplate>> ListTemplatesAsync();

    /// <summary>Live counts of recall cycles by status and due colour, as of today at the clinic.</summary>
    Task<RecallCounts> GetCountsAsync();

    /// <summary>Step 11: the recall visits booked for a day (default today at the clinic).</summary>
    Task<Reports.DailyReport> GetDailyReportAsync(DateOnly? day);

    /// <summary>Step 13: who needs contact in the next 30 days, overdue included.</summary>
    Task<Reports.ContactDueReport> GetContactDueReportAsync();

    /// <summary>Step 26: contact success and recall compliance over the month that contains <paramref name="month"/>.</summary>
    Task<Reports.MonthlyReport> GetMonthlyReportAsync(DateOnly month);
}
