using Recall.Api.Live;

namespace Recall.Silo.Live;

/// <summary>
/// Carries this silo's clinic events to the other silos that share its database, so a page hears a
/// change whichever silo committed it. Registered only where silos share storage (PostgreSQL).
/// </summary>
internal interface IClinicEventRelay
{
    /// <summary>Called on the committing turn's thread: queue and return, never block.</summary>
    void Send(string clinicId, ClinicEvent change);
}
