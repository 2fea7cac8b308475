using Microsoft.Extensions.DependencyInjection;
using Recall.Grains;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Recall.Api.Security;

namespace Recall.Api.Live;

/// <summary>Live updates for the staff pages: a Server-Sent Events stream of a clinic's changes.</summary>
public static class EventsApi
{
    /// <summary>A comment-like ping this often keeps proxies from closing a quiet stream (network time, not the clinic's clock).</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(25);

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/clinics/{clinicId}/events", StreamEvents)
            .RequireAuthorization().RequireClinicAccess().WithTags("Live");
        return routes;
    }

    /// <summary>"ready" once listening, then a "change" per commit in the clinic; the browser's EventSource reconnects by itself.</summary>
    public static ServerSentEventsResult<ClinicEvent> StreamEvents(
        string clinicId, IClinicEvents events, IHostApplicationLifetime lifetime, [FromKeyedServices(RecallClock.Key)] TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(ReadAsync(events.Subscribe(clinicId), time, lifetime.ApplicationStopping, cancellationToken));

    private static async IAsyncEnumerable<SseItem<ClinicEvent>> ReadAsync(
        IClinicEventSubscription subscription, TimeProvider time, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The stream ends when the client goes or the silo stops, so shutdown never waits on an open page.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        using (subscription)
        {
            yield return new SseItem<ClinicEvent>(new ClinicEvent("ready", null, time.GetUtcNow()), "ready");
            var reader = subscription.Events;
            while (!linked.IsCancellationRequested)
            {
                var waiting = reader.WaitToReadAsync(linked.Token).AsTask();
                bool ended;
                try
                {
                    ended = await Task.WhenAny(waiting, Task.Delay(KeepAlive, linked.Token)) == waiting && !await waiting;
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                if (ended)
                {
                    yield break;
                }

                if (!waiting.IsCompleted)
                {
                    yield return new SseItem<ClinicEvent>(new ClinicEvent("ping", null, time.GetUtcNow()), "ping");
                    continue;
                }

                while (reader.TryRead(out var change))
                {
                    yield return new SseItem<ClinicEvent>(change, "change");
                }
            }
        }
    }
}
