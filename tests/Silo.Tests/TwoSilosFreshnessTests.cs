using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// Two silos on one PostgreSQL database, each with its own activation of the same grains: a turn on
/// one silo sees every commit the other silo finished before the turn was asked for, also while the
/// activation is busy and queued turns share one ETag check.
/// </summary>
public sealed class TwoSilosFreshnessTests
{
    private static readonly DateOnly Visit = new(2026, 1, 5);

    [Fact]
    public async Task TwoSilosOnPostgres_WriteOnOne_EveryLaterReadOnTheOtherSeesIt_WhileItsActivationIsBusy()
    {
        await using var first = await TestSilo.StartAsync(StorageProvider.Postgres);
        await using var second = await TestSilo.StartAsync(StorageProvider.Postgres, first.Database);
        var writer = first.Grains.GetGrain<ICounterGrain>("fresh");
        var reader = second.Grains.GetGrain<ICounterGrain>("fresh");
        await writer.IncrementAsync();
        await reader.GetAsync(); // The second silo's activation is loaded, and then only checks its ETag.

        var committed = 0; // Increments the first silo has finished: every read asked for after that must see them.
        var stale = new List<string>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var before = Volatile.Read(ref committed);
                var seen = (await reader.GetAsync()).Count - 1;
                if (seen < before)
                {
                    lock (stale)
                    {
                        stale.Add($"read {seen} after {before} were committed");
                    }
                }
            }
        })).ToList();

        for (var i = 1; i <= 100; i++)
        {
            await writer.IncrementAsync();
            Volatile.Write(ref committed, i);
            Assert.Equal(i, (await reader.GetAsync()).Count - 1);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Empty(stale);
    }

    [Fact]
    public async Task TwoSilosOnPostgres_RecallRulesChangedOnOne_PatientTurnsOnTheOtherUseTheNewRules()
    {
        await using var first = await TestSilo.StartAsync(StorageProvider.Postgres);
        await using var second = await TestSilo.StartAsync(StorageProvider.Postgres, first.Database);
        var clinicOnFirst = first.Grains.GetGrain<IClinicGrain>("smile");
        await clinicOnFirst.CreateAsync(new ClinicSettings("Smile Dental", "Europe/Warsaw", ["pl"], []), [Hygiene(6)]);
        var patients = Enumerable.Range(0, 8).Select(i => second.Grains.GetGrain<IPatientGrain>($"smile/p{i}")).ToList();
        foreach (var patient in patients)
        {
            await patient.CreateAsync(new PatientData("Anna", "Nowak", Phone: "+48601000001", Language: "pl"));
            await patient.RecordVisitAsync(new VisitInput(Visit, ["D1110"]));
        }

        // The second silo's clinic activation stays busy answering its patients' requests for the rules.
        using var stop = new CancellationTokenSource();
        var clinicOnSecond = second.Grains.GetGrain<IClinicGrain>("smile");
        var busy = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await clinicOnSecond.GetRecallContextAsync();
            }
        })).ToList();

        for (var months = 7; months <= 18; months++)
        {
            await clinicOnFirst.SetRecallRulesAsync([Hygiene(months)]);

            // The same visit again changes nothing but replans with the clinic's rules as this patient's turn reads them.
            var statuses = await Task.WhenAll(patients.Select(p => p.RecordVisitAsync(new VisitInput(Visit, ["D1110"]))));
            Assert.All(statuses, s => Assert.Equal(Visit.AddMonths(months), Assert.Single(s.Cycles).DueDate));
        }

        await stop.CancelAsync();
        await Task.WhenAll(busy);
    }

    private static RecallRule Hygiene(int months) => new("hygiene", "Hygiene recall", ["D1110"], IntervalMonths: months);
}
