using Orleans.Hosting;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>Orleans reminders kept in the embedded database, for the one silo on one SQLite file.</summary>
public static class SqliteReminderExtensions
{
    /// <summary>
    /// Turns on Orleans' reminder service and keeps its table in the SQLite database
    /// (<see cref="SqliteOrleansReminderTable"/>). The silo must also have the SQLite storage registered
    /// (<see cref="SqliteDatabase"/>), whose migrations create the table.
    /// </summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.UseSqliteReminderService();
        return silo;
    }

    /// <summary>
    /// The same on the service collection, for hosts (and tests) that add to the services after the silo was
    /// configured. Orleans' AddReminders is idempotent, so calling this beside another reminder setup only
    /// replaces the table: the last IReminderTable registered is the one resolved.
    /// </summary>
    public static IServiceCollection UseSqliteReminderService(this IServiceCollection services)
    {
        services.AddReminders();
        services.AddSingleton<Orleans.IReminderTable, SqliteOrleansReminderTable>();
        return services;
    }
}
