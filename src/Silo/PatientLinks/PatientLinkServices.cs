using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Recall.Grains;
using Recall.Grains.PatientLinks;
using Recall.Silo.Storage;

namespace Recall.Silo.PatientLinks;

public static class PatientLinkServices
{
    private const string KeyName = "patient-links";

    /// <summary>The deployment's <see cref="Grains.PatientLinks.PatientLinks"/>: its base URL, and its key from the settings or the database.</summary>
    public static IServiceCollection AddPatientLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PatientLinkOptions>().Bind(configuration.GetSection(PatientLinkOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PatientLinkOptions>>().Value;
            var key = options.SigningKey is { Length: > 0 } configured
                ? Convert.FromBase64String(configured)
                : sp.GetRequiredService<ISigningKeyStore>().GetOrCreate(KeyName, RandomNumberGenerator.GetBytes(32), sp.GetRequiredKeyedService<TimeProvider>(RecallClock.Key).GetUtcNow());
            var baseUrl = options.PublicBaseUrl.AbsoluteUri.EndsWith('/') ? options.PublicBaseUrl : new Uri(options.PublicBaseUrl.AbsoluteUri + "/");
            return new Grains.PatientLinks.PatientLinks(new PatientLinkSigner(key), baseUrl);
        });
        return services;
    }
}
