using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Grains.Serialization;
using Recall.Silo.Storage;

namespace Recall.Silo.Tests;

/// <summary>
/// Documents written by version 1 of the grains still read. If one of these fails, a stored
/// property was renamed or re-typed: add a new property instead, and keep reading the old one.
/// </summary>
public sealed class StateVersioningTests
{
    private static readonly GrainSerializer Serializer = new([GrainJsonContext.Default]);

    [Fact]
    public void PatientState_Version1Document_Reads()
    {
        var state = Read<PatientState>("patient-state-v1.json");

        Assert.True(state.Exists);
        Assert.Equal("Anna", state.Profile!.FirstName);
        Assert.Equal(new DateOnly(1980, 4, 2), state.Profile.DateOfBirth);
        Assert.Equal(ContactChannel.Sms, state.Profile.PreferredChannel);
        Assert.Equal("family-1", state.Profile.ResponsibleParty!.Id);
        Assert.Equal("v-1", Assert.Single(state.Visits).VisitId);
        var cycle = Assert.Single(state.Cycles);
        Assert.Equal(RecallStatus.Contacted, cycle.Status);
        Assert.Equal(new DateOnly(2026, 7, 6), cycle.DueDate);
        Assert.Null(cycle.ManualDueDate);
        Assert.Equal(new DateOnly(2026, 1, 5), Assert.Single(state.CompletedCycles).CompletedOn);
        Assert.Equal("recall-due:hygiene:2026-07-06", Assert.Single(state.ContactAttempts).MessageKey);
    }

    [Fact]
    public void ClinicState_Version1Document_Reads()
    {
        var state = Read<ClinicState>("clinic-state-v1.json");

        Assert.Equal("Europe/Warsaw", state.Settings!.TimeZone);
        Assert.Equal(new TimeOnly(8, 0), Assert.Single(state.Settings.OpeningHours).Opens);
        Assert.Equal(1, Assert.Single(state.RecallRules).ExtraDays);
        Assert.Null(Assert.Single(state.ApiKeys).RevokedAt);
    }

    [Fact]
    public void PatientState_RoundTrips_WithoutLoss()
    {
        var state = Read<PatientState>("patient-state-v1.json");

        var again = (PatientState)Serializer.Deserialize(Serializer.Serialize(state, typeof(PatientState)), typeof(PatientState));

        Assert.Equal(Serializer.Serialize(state, typeof(PatientState)), Serializer.Serialize(again, typeof(PatientState)));
    }

    private static T Read<T>(string fixture) =>
        (T)Serializer.Deserialize(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)), typeof(T));
}
