using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Recall.Grains.Hosting;

namespace Recall.Silo.Hosting;

/// <summary>
/// The proxy behind a grain interface: each call becomes a turn request queued on the grain's
/// activation. (Orleans generates these at build time; a DispatchProxy does the same job here.)
/// </summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainReference, MethodInfo, object?[], object>> Invokers = new();

    internal ActivationDirectory Directory { get; set; } = null!;

    internal GrainId Id { get; set; }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var invoker = Invokers.GetOrAdd(targetMethod, CreateInvoker);
        return invoker(this, targetMethod, args ?? []);
    }

    private static Func<GrainReference, MethodInfo, object?[], object> CreateInvoker(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            return static (reference, m, args) => reference.Call<object?>(m, args, resultType: null);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var call = typeof(GrainReference).GetMethod(nameof(CallTyped), BindingFlags.NonPublic | BindingFlags.Instance)!
                .MakeGenericMethod(returnType.GetGenericArguments()[0]);
            return (reference, m, args) => call.Invoke(reference, [m, args])!;
        }

        throw new NotSupportedException($"{method.DeclaringType?.Name}.{method.Name} must return Task or Task<T> to be a grain method.");
    }

    private Task<T> CallTyped<T>(MethodInfo method, object?[] args) => Call<T>(method, args, typeof(T));

    private Task<T> Call<T>(MethodInfo method, object?[] args, Type? resultType)
    {
        var request = new MethodCall<T>(method, args, resultType, RequestContext.TakeIdempotencyToken(), Activity.Current?.Context ?? default);
        Directory.Enqueue(Id, request);
        return request.Task;
    }
}
