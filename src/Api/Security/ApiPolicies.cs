namespace Recall.Api.Security;

public static class ApiPolicies
{
    /// <summary>Only the bootstrap admin key.</summary>
    public const string Admin = "admin";
}
