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
            // A delegate bound once per method: a reflection Invoke per call cost more than the turn itself.
            return typeof(GrainReference).GetMethod(nameof(CallTyped), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(returnType.GetGenericArguments()[0])
                .CreateDelegate<Func<GrainReference, MethodInfo, object?[], object>>();
        }

        throw new NotSupportedException($"{method.DeclaringType?.Name}.{method.Name} must return Task or Task<T> to be a grain method.");
    }

#pragma warning disable CA1859 // It is bound to a delegate returning object, one delegate type for every Task<T>.
    private static object CallTyped<T>(GrainReference reference, MethodInfo method, object?[] args) => reference.Call<T>(method, args, typeof(T));
#pragma warning restore CA1859

    private Task<T> Call<T>(MethodInfo method, object?[] args, Type? resultType)
    {
        var request = new MethodCall<T>(method, args, resultType, RequestContext.TakeIdempotencyToken(), Activity.Current?.Context ?? default);
        Directory.Enqueue(Id, request);
        return request.Task;
    }
}
