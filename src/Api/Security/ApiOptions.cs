using System.ComponentModel.DataAnnotations;

namespace Recall.Api.Security;

/// <summary>Bound from "Api". The admin key is a secret: set it through the environment (Api__AdminKey), never in a committed file.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The bootstrap key that creates clinics and their API keys, and drives the manual clock.</summary>
    [Required(ErrorMessage = "Api:AdminKey is required: set a random secret of at least 24 characters (environment variable Api__AdminKey).")]
    [MinLength(24, ErrorMessage = "Api:AdminKey must be at least 24 characters long.")]
    public string AdminKey { get; set; } = "";
}
