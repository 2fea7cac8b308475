using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Quartz;

namespace Recall.Benchmarks;

/// <summary>
/// The peer: Quartz.NET's AdoJobStore on the same kind of database, one trigger per reminder, and a
/// job that does what our reminder turn does (update the patient's state row, insert an outbox row,
/// in one transaction). Quartz creates its own tables (SchemaProvisioning.CreateIfMissing runs the
/// create script shipped inside the Quartz 4.7.3 assembly, the same DDL as database/tables in its repo).
/// </summary>
internal static class QuartzPeer
{
    public const int ThreadPoolSize = ThreadPoolOptions.DefaultMaxConcurrency;

    public static string Settings =>
        $"Quartz 4.7.3, AdoJobStore (JobStoreTX, not clustered), UseSqlite (SQLiteDelegate, Microsoft.Data.Sqlite) or UsePostgres (PostgreSQLDelegate, Npgsql); " +
        $"default thread pool of {ThreadPoolSize}; batch trigger acquisition (quartz.scheduler.batchTriggerAcquisitionMaxCount) = {ThreadPoolSize}, the pool size, as Quartz recommends and 4.7 defaults to; " +
        "misfire threshold 60 s (default); System.Text.Json serializer; one durable job, one SimpleTrigger (fire once) per reminder with the grain key in its JobDataMap";

    public static async Task<DrainResult> DrainAsync(Provider provider, int count)
    {
        using var database = BenchDatabase.Create(provider, "quartz");
        CreateAppTables(database);
        SeedState(database, count + WarmUp.MaxFirings);
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "bench";
                o.MaxBatchSize = ThreadPoolSize;
            });
            q.UseDefaultThreadPool(ThreadPoolSize);
            q.UsePersistentStore(store =>
            {
                if (provider == Provider.Sqlite)
                {
                    store.UseSqlite(database.ConnectionString);
                }
                else
                {
                    store.UsePostgres(database.ConnectionString);
                }

                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
        }).BuildScheduler();

        RecallJob.Database = database;
        RecallJob.Completed = 0;
        var job = JobBuilder.Create<RecallJob>().WithIdentity("recall-due", "recall").StoreDurably().Build();
        await scheduler.AddJob(job, new AddJobOptions { Replace = true });
        await scheduler.Start();
        var warmUp = await WarmUp.RunAsync(round => FireWarmUpRoundAsync(scheduler, job, count + round * WarmUp.Round));
        Interlocked.Exchange(ref RecallJob.Completed, 0);
        // Every trigger falls due at one instant after the scheduler has started (storing them first takes a while).
        var start = DateTimeOffset.UtcNow.AddSeconds(5 + count / 500);
        var triggers = new List<ITrigger>(count);
        for (var i = 0; i < count; i++)
        {
            triggers.Add(TriggerBuilder.Create()
                .WithIdentity($"recall-due-{i}", "recall")
                .ForJob(job)
                .UsingJobData("grain", ReminderSeed.Key(i))
                .StartAt(start)
                .Build());
        }

        await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, CancellationToken.None);
        while (DateTimeOffset.UtcNow < start)
        {
            await Task.Delay(1);
        }

        var cost = RuntimeCost.Start();
        var clock = Stopwatch.StartNew(); // From the due instant (or now, if storing the triggers took longer).
        try
        {
            // Done when every job has committed its work and Quartz has removed every fired trigger.
            while (Interlocked.Read(ref RecallJob.Completed) < count || database.Scalar("SELECT COUNT(*) FROM qrtz_triggers") > 0)
            {
                await Task.Delay(Interlocked.Read(ref RecallJob.Completed) < count ? 5 : 50);
                if (clock.Elapsed > TimeSpan.FromMinutes(30))
                {
                    throw new TimeoutException($"Only {RecallJob.Completed} of {count} Quartz jobs ran in 30 minutes.");
                }
            }

            var elapsed = clock.Elapsed;
            var outbox = database.Scalar("SELECT COUNT(*) FROM app_outbox");
            if (outbox != warmUp.Firings + count)
            {
                throw new InvalidOperationException($"Expected {warmUp.Firings + count} outbox rows from the Quartz jobs; found {outbox}.");
            }

            return new DrainResult("Quartz.NET 4.7.3", count, elapsed, $"{database.Durability()}; {cost.Describe(elapsed, count, "reminder")}; {warmUp}");
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }

    /// <summary>Fires one warm-up round's triggers (due at once, on the grains from <paramref name="from"/> on) and waits for their jobs.</summary>
    private static async Task FireWarmUpRoundAsync(IScheduler scheduler, IJobDetail job, int from)
    {
        var done = Interlocked.Read(ref RecallJob.Completed);
        for (var i = from; i < from + WarmUp.Round; i++)
        {
            await scheduler.ScheduleJob(TriggerBuilder.Create()
                .WithIdentity($"warm-up-{i}", "recall")
                .ForJob(job)
                .UsingJobData("grain", ReminderSeed.Key(i))
                .StartNow()
                .Build());
        }

        while (Interlocked.Read(ref RecallJob.Completed) < done + WarmUp.Round)
        {
            await Task.Delay(5);
        }
    }

    /// <summary>The application's rows the job writes: a state row per patient and an outbox.</summary>
    private static void CreateAppTables(BenchDatabase database)
    {
        if (database.Provider == Provider.Sqlite)
        {
            database.Execute("PRAGMA journal_mode=WAL");
            database.Execute("""
                CREATE TABLE app_state (grain_key TEXT PRIMARY KEY, fired INTEGER NOT NULL, last_occurrence TEXT, updated_at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE app_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, grain_key TEXT NOT NULL, message_key TEXT NOT NULL, recipient TEXT NOT NULL,
                    body TEXT NOT NULL, created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
                    UNIQUE (grain_key, message_key));
                """);
        }
        else
        {
            database.Execute("""
                CREATE TABLE app_state (grain_key text PRIMARY KEY, fired bigint NOT NULL, last_occurrence text, updated_at bigint NOT NULL);
                CREATE TABLE app_outbox (id bigserial PRIMARY KEY, grain_key text NOT NULL, message_key text NOT NULL, recipient text NOT NULL,
                    body text NOT NULL, created_at bigint NOT NULL, next_attempt_at bigint NOT NULL, status text NOT NULL DEFAULT 'pending',
                    UNIQUE (grain_key, message_key));
                """);
        }
    }

    /// <summary>Seeds the state rows the jobs update (one per reminder), outside the timed part.</summary>
    private static void SeedState(BenchDatabase database, int count)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO app_state (grain_key, fired, updated_at) VALUES (@k, 0, 0)";
        var key = command.CreateParameter();
        key.ParameterName = "@k";
        key.DbType = System.Data.DbType.String;
        command.Parameters.Add(key);
        command.Prepare();
        for (var i = 0; i < count; i++)
        {
            key.Value = ReminderSeed.Key(i);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The recall reminder as a Quartz job: one transaction updates the state row and inserts the outbox row.</summary>
    internal sealed class RecallJob : IJob
    {
        public static BenchDatabase? Database;
        public static long Completed;

        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var database = Database!;
            var grain = context.MergedJobDataMap.GetString("grain")!;
            var occurrence = $"recall-due@{context.ScheduledFireTimeUtc!.Value.ToUnixTimeMilliseconds()}";
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await using var connection = database.Open();
            if (connection is SqliteConnection sqlite)
            {
                using var pragma = sqlite.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous=FULL";
                pragma.ExecuteNonQuery();
            }

            await using DbTransaction transaction = connection is SqliteConnection s
                ? s.BeginTransaction(deferred: false)
                : await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);
            await using (var update = connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = "UPDATE app_state SET fired = fired + 1, last_occurrence = @o, updated_at = @now WHERE grain_key = @k";
                Add(update, "@o", occurrence);
                Add(update, "@now", now);
                Add(update, "@k", grain);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO app_outbox (grain_key, message_key, recipient, body, created_at, next_attempt_at)
                    VALUES (@k, @o, '+48601000000', 'Time for your check-up.', @now, @next) ON CONFLICT DO NOTHING
                    """;
                Add(insert, "@k", grain);
                Add(insert, "@o", occurrence);
                Add(insert, "@now", now);
                Add(insert, "@next", now + (long)BenchGrain.MessageDelay.TotalMilliseconds);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            Interlocked.Increment(ref Completed);
        }

        private static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
