using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;

namespace Recall.Api.Patients;

/// <summary>
/// Bulk import of patients from CSV (one row a patient, optionally with the last visit). Each row is
/// one grain turn: a valid row is created or updated with its due dates computed; a bad row writes
/// nothing and is listed with its line, field and reason. Re-importing a file changes nothing new.
/// </summary>
public static class PatientImport
{
    public static readonly string[] Columns =
    [
        "id", "firstName", "lastName", "dateOfBirth", "phone", "email", "preferredChannel", "language", "status",
        "responsiblePartyId", "responsiblePartyName", "responsiblePartyPhone", "responsiblePartyEmail",
        "lastVisitDate", "lastVisitServiceCodes",
    ];

    private static readonly string[] RequiredColumns = ["id", "firstName", "lastName"];

    private const int MaxListedErrors = 1_000;
    private const int ChunkSize = 2_000;

    public static async Task<Results<Ok<ImportReport>, ValidationProblem>> ImportCsv(
        string clinicId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 1L << 30; // A million patients is about 150 MB of CSV.
        }

        using var text = new StreamReader(request.Body);
        var csv = new CsvReader(text);
        string[]? record;
        try
        {
            record = await csv.ReadAsync();
        }
        catch (FormatException e)
        {
            return HeaderProblem(e.Message);
        }

        if (record is null)
        {
            return HeaderProblem("The CSV is empty; the first line names the columns: " + string.Join(",", Columns) + ".");
        }

        var header = record.Select(h => h.Trim()).ToArray();
        var unknown = header.Where(h => !Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        var missing = RequiredColumns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            return HeaderProblem(string.Join(" ", new[]
            {
                missing.Count > 0 ? $"Missing column(s): {string.Join(", ", missing)}." : "",
                unknown.Count > 0 ? $"Unknown column(s): {string.Join(", ", unknown)} (known: {string.Join(", ", Columns)})." : "",
            }).Trim());
        }

        var index = Columns.ToDictionary(c => c, c => Array.FindIndex(header, h => h.Equals(c, StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal);
        var supplied = SuppliedFields(index);
        var errors = new ConcurrentBag<ImportError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var chunk = new List<ImportRow>(ChunkSize);
        int rows = 0, imported = 0;
        while (true)
        {
            try
            {
                record = await csv.ReadAsync();
            }
            catch (FormatException e)
            {
                rows++;
                errors.Add(new ImportError(csv.Line, null, "row", e.Message));
                break;
            }

            if (record is null)
            {
                break;
            }

            rows++;
            var line = csv.Line;
            var row = ReadRow(record, index, line, errors);
            if (row is null)
            {
                continue;
            }

            if (!seen.TryAdd(row.Id, line))
            {
                errors.Add(new ImportError(line, row.Id, "id", $"The id '{row.Id}' already appears on line {seen[row.Id]}."));
                continue;
            }

            chunk.Add(row);
            if (chunk.Count == ChunkSize)
            {
                imported += await ImportChunkAsync(clinicId, chunk, supplied, grains, errors, cancellationToken);
                chunk.Clear();
            }
        }

        imported += await ImportChunkAsync(clinicId, chunk, supplied, grains, errors, cancellationToken);
        var listed = errors.OrderBy(e => e.Line).ThenBy(e => e.Field, StringComparer.Ordinal).Take(MaxListedErrors).ToList();
        return TypedResults.Ok(new ImportReport(rows, imported, rows - imported, errors.Count, listed));
    }

    /// <summary>Columns the file has are set (an empty cell clears); columns it lacks leave the stored values alone.</summary>
    private static PatientFields SuppliedFields(Dictionary<string, int> index)
    {
        var supplied = PatientFields.None;
        foreach (var (column, field) in new (string, PatientFields)[]
        {
            ("dateOfBirth", PatientFields.DateOfBirth), ("phone", PatientFields.Phone), ("email", PatientFields.Email),
            ("preferredChannel", PatientFields.PreferredChannel), ("language", PatientFields.Language), ("status", PatientFields.Status),
            ("responsiblePartyId", PatientFields.ResponsibleParty),
        })
        {
            if (index[column] >= 0)
            {
                supplied |= field;
            }
        }

        return supplied;
    }

    private static async Task<int> ImportChunkAsync(
        string clinicId, List<ImportRow> rows, PatientFields supplied, IGrainFactory grains, ConcurrentBag<ImportError> errors, CancellationToken cancellationToken)
    {
        var imported = 0;
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (row, _) =>
        {
            try
            {
                await PatientsApi.Patient(grains, clinicId, row.Id).ImportAsync(row.Data, row.Visits, supplied);
                Interlocked.Increment(ref imported);
            }
            catch (GrainValidationException e)
            {
                foreach (var (field, messages) in e.Errors)
                {
                    errors.Add(new ImportError(row.Line, row.Id, field, string.Join(" ", messages)));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One row's failure (e.g. storage trouble) is reported with it; the rows before and after stand.
                errors.Add(new ImportError(row.Line, row.Id, "row", $"The row could not be saved ({e.GetType().Name}); import it again."));
            }
        });
        return imported;
    }

    private static ImportRow? ReadRow(string[] record, Dictionary<string, int> index, int line, ConcurrentBag<ImportError> errors)
    {
        var rowErrors = new List<ImportError>();
        string? Field(string name) => index[name] is var i and >= 0 && i < record.Length && record[i].Trim() is { Length: > 0 } value ? value : null;
        var id = Field("id");
        if (id is null || !PatientValidation.Id().IsMatch(id))
        {
            rowErrors.Add(new ImportError(line, id, "id", "The id is letters, digits, '.', '_' or '-', at most 64 characters."));
        }

        T? Parse<T>(string name, Func<string, (bool Ok, T Value)> parse, string expected) where T : struct
        {
            if (Field(name) is not { } text)
            {
                return null;
            }

            var (ok, value) = parse(text);
            if (!ok)
            {
                rowErrors.Add(new ImportError(line, id, name, $"'{text}' is not {expected}."));
                return null;
            }

            return value;
        }

        static (bool, DateOnly) Date(string s) => (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d), d);
        static (bool, T) Enum<T>(string s) where T : struct, System.Enum => (System.Enum.TryParse<T>(s, true, out var v) && System.Enum.IsDefined(v) && !int.TryParse(s, out _), v);

        var born = Parse("dateOfBirth", Date, "a date (yyyy-MM-dd)");
        var channel = Parse("preferredChannel", Enum<ContactChannel>, "sms, email or none");
        var status = Parse("status", Enum<PatientStatus>, "active, inactive or deceased");
        var lastVisit = Parse("lastVisitDate", Date, "a date (yyyy-MM-dd)");
        var codes = Field("lastVisitServiceCodes")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (lastVisit is not null && codes.Length == 0)
        {
            rowErrors.Add(new ImportError(line, id, "lastVisitServiceCodes", "A last visit needs its service codes, separated by ';' (e.g. D1110;D0120)."));
        }

        if (rowErrors.Count > 0)
        {
            rowErrors.ForEach(errors.Add);
            return null;
        }

        var party = Field("responsiblePartyId") is { } partyId
            ? new ResponsibleParty(partyId, Field("responsiblePartyName") ?? "", Field("responsiblePartyPhone"), Field("responsiblePartyEmail"))
            : null;
        var data = new PatientData(Field("firstName") ?? "", Field("lastName") ?? "", born, Field("phone"), Field("email"),
            channel ?? ContactChannel.Sms, Field("language"), status ?? PatientStatus.Active, party);
        VisitInput[] visits = lastVisit is { } date ? [new VisitInput(date, codes)] : [];
        return new ImportRow(line, id!, data, visits);
    }

    private static ValidationProblem HeaderProblem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["header"] = [message] }, title: "The CSV's header line is not right.");

    private sealed record ImportRow(int Line, string Id, PatientData Data, IReadOnlyList<VisitInput> Visits);
}

/// <summary>What an import did. <see cref="Errors"/> lists at most 1,000 problems; <see cref="ErrorCount"/> counts them all.</summary>
public sealed record ImportReport(int Rows, int Imported, int Failed, int ErrorCount, IReadOnlyList<ImportError> Errors);

/// <summary>One problem with one row: the CSV line (1 is the header), the patient id if readable, the field and why.</summary>
public sealed record ImportError(int Line, string? PatientId, string Field, string Message);
