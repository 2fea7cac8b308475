using System.Reflection;
using Recall.Grains.Hosting;
using Recall.Grains.Serialization;

namespace Recall.Grains.Tests;

/// <summary>
/// A command sent with an Idempotency-Key stores its result with the call's commit, through the
/// grain JSON context; a result type missing there fails every such call (issue #16: logged calls).
/// </summary>
public sealed class GrainResultsStorableTests
{
    public static TheoryData<string> GrainMethods()
    {
        var methods = new TheoryData<string>();
        foreach (var method in ResultMethods())
        {
            methods.Add($"{method.DeclaringType!.Name}.{method.Name}");
        }

        return methods;
    }

    [Theory]
    [MemberData(nameof(GrainMethods))]
    public void EveryGrainMethodsResult_HasStoredJsonMetadata(string method)
    {
        var result = ResultMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == method).ReturnType.GetGenericArguments()[0];
        Assert.True(GrainJsonContext.Default.GetTypeInfo(result) is not null, $"{method} returns {result}, which GrainJsonContext cannot store.");
    }

    private static IEnumerable<MethodInfo> ResultMethods() =>
        typeof(GrainJsonContext).Assembly.GetTypes()
            .Where(t => t.IsInterface && t.IsPublic && typeof(IGrain).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods())
            .Where(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
            .DistinctBy(m => $"{m.DeclaringType!.Name}.{m.Name}");
}
