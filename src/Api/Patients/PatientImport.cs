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

    /// <summary>
    /// Rows whose turns run at once. Their commits share the SQLite writer's group transactions, and
    /// a bigger group writes each index page once for more rows (see docs/benchmarks.md, import).
    /// </summary>
    private const int RowsInFlight = 2_000;

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
        var progress = new Progress();
        await Parallel.ForEachAsync(
            ReadRowsAsync(csv, index, errors, progress),
            new ParallelOptions { MaxDegreeOfParallelism = RowsInFlight, CancellationToken = cancellationToken },
            async (row, _) =>
            {
                if (await ImportRowAsync(clinicId, row, supplied, grains, errors))
                {
                    Interlocked.Increment(ref progress.Imported);
                }
            });
        var listed = errors.OrderBy(e => e.Line).ThenBy(e => e.Field, StringComparer.Ordinal).Take(MaxListedErrors).ToList();
        return TypedResults.Ok(new ImportReport(progress.Rows, progress.Imported, progress.Rows - progress.Imported, errors.Count, listed));
    }

    /// <summary>The file's valid rows, in order; a bad or repeated row is listed in <paramref name="errors"/> instead.</summary>
    private static async IAsyncEnumerable<ImportRow> ReadRowsAsync(
        CsvReader csv, Dictionary<string, int> index, ConcurrentBag<ImportError> errors, Progress progress)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            string[]? record;
            try
            {
                record = await csv.ReadAsync();
            }
            catch (FormatException e)
            {
                progress.Rows++;
                errors.Add(new ImportError(csv.Line, null, "row", e.Message));
                yield break;
            }

            if (record is null)
            {
                yield break;
            }

            progress.Rows++;
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

            yield return row;
        }
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

    /// <summary>One row's turn; its failure is listed with the row, and the rows before and after stand.</summary>
    private static async Task<bool> ImportRowAsync(
        string clinicId, ImportRow row, PatientFields supplied, IGrainFactory grains, ConcurrentBag<ImportError> errors)
    {
        try
        {
            await PatientsApi.Patient(grains, clinicId, row.Id).ImportAsync(row.Data, row.Visits, supplied);
            return true;
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
            errors.Add(new ImportError(row.Line, row.Id, "row", $"The row could not be saved ({e.GetType().Name}); import it again."));
        }

        return false;
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

    /// <summary>Counts shared by the reader (rows) and the turns (imported).</summary>
    private sealed class Progress
    {
        public int Rows;
        public int Imported;
    }
}

/// <summary>What an import did. <see cref="Errors"/> lists at most 1,000 problems; <see cref="ErrorCount"/> counts them all.</summary>
public sealed record ImportReport(int Rows, int Imported, int Failed, int ErrorCount, IReadOnlyList<ImportError> Errors);

/// <summary>One problem with one row: the CSV line (1 is the header), the patient id if readable, the field and why.</summary>
public sealed record ImportError(int Line, string? PatientId, string Field, string Message);
