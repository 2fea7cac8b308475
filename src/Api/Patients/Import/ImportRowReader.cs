using System.Collections.Concurrent;
using System.Globalization;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;

namespace Recall.Api.Patients.Import;

/// <summary>One CSV row to import: its line, the patient, the fields it sets, and its last visit.</summary>
public sealed record ImportRow(int Line, string Id, PatientData Data, PatientFields Supplied, IReadOnlyList<VisitInput> Visits);

/// <summary>
/// Turns a CSV record into a patient, in the clinic's country and locale: phone numbers in national
/// or international form, dates as <c>YYYY-MM-DD</c>, <c>DD.MM.YYYY</c> or the clinic's own short date.
/// A bad row is listed with its line and field, and nothing of it is imported; a bad phone next to a
/// good email is listed as a warning and the patient is imported without it (the stored one is kept).
/// </summary>
public sealed class ImportRowReader(IReadOnlyList<string> header, PatientFields supplied, string? country, CultureInfo culture)
{
    private const string ListColumn = "lastVisitServiceCodes";

    private readonly Dictionary<string, int> index = PatientImport.Columns.ToDictionary(
        c => c, c => header.ToList().FindIndex(h => h.Trim().Equals(c, StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal);

    private readonly string[] dateFormats = DateFormats(culture);

    /// <summary>The row, or null with its problems added to <paramref name="errors"/>; warnings are for rows imported anyway.</summary>
    public ImportRow? Read(string?[] cells, int line, char separator, ConcurrentBag<ImportError> errors, ConcurrentBag<ImportError> warnings)
    {
        var rowErrors = new List<ImportError>();
        var rowWarnings = new List<ImportError>();
        cells = FitToHeader(cells, separator, line, rowErrors);
        string? Field(string name) => index[name] is var i and >= 0 && i < cells.Length && cells[i]?.Trim() is { Length: > 0 } value ? value : null;
        var id = Field("id");
        if (cells.Any(cell => cell?.Contains('\0', StringComparison.Ordinal) == true))
        {
            // As RequestShapeFilter refuses a NUL in a request's text: PostgreSQL cannot store one (issue #16).
            rowErrors.Add(new ImportError(line, id, "row", "The row holds a NUL character, which no name or number has: check the file's encoding."));
        }

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
            }

            return ok ? value : null;
        }

        var dates = $"a date ({string.Join(", ", dateFormats.Distinct(StringComparer.Ordinal))})";
        var born = Parse("dateOfBirth", Date, dates);
        var channel = Parse("preferredChannel", Enum<ContactChannel>, "sms, email or none");
        var status = Parse("status", Enum<PatientStatus>, "active, inactive or deceased");
        var lastVisit = Parse("lastVisitDate", Date, dates);
        var codes = Field(ListColumn)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (lastVisit is not null && codes.Length == 0)
        {
            rowErrors.Add(new ImportError(line, id, ListColumn, "A last visit needs its service codes, separated by ';' (e.g. D1110;D0120)."));
        }

        var rowSupplied = supplied;
        var phone = Phone(Field("phone"), Field("email"), "phone", line, id, rowErrors, rowWarnings, ref rowSupplied, PatientFields.Phone);
        var party = Field("responsiblePartyId") is { } partyId
            ? new ResponsibleParty(partyId, Field("responsiblePartyName") ?? "",
                Phone(Field("responsiblePartyPhone"), Field("responsiblePartyEmail"), "responsiblePartyPhone", line, id, rowErrors, rowWarnings, ref rowSupplied, PatientFields.None),
                Field("responsiblePartyEmail"))
            : null;
        if (rowErrors.Count > 0)
        {
            foreach (var error in rowErrors)
            {
                errors.Add(error);
            }

            return null;
        }

        foreach (var warning in rowWarnings)
        {
            warnings.Add(warning);
        }

        var data = new PatientData(Field("firstName") ?? "", Field("lastName") ?? "", born, phone, Field("email"),
            channel ?? ContactChannel.Sms, Field("language"), status ?? PatientStatus.Active, party);
        VisitInput[] visits = lastVisit is { } date ? [new VisitInput(date, codes)] : [];
        return new ImportRow(line, id!, data, rowSupplied, visits);
    }

    /// <summary>
    /// The cells in the header's columns. In a ';' file an unquoted list of service codes spills into
    /// cells past the header: when that list is the last column, they are its items. Any other
    /// difference in the count of cells means a cell was split or lost, and the row is refused.
    /// </summary>
    private string?[] FitToHeader(string?[] cells, char separator, int line, List<ImportError> rowErrors)
    {
        if (cells.Length == header.Count)
        {
            return cells;
        }

        if (cells.Length > header.Count && separator == ';' && header[^1].Trim().Equals(ListColumn, StringComparison.OrdinalIgnoreCase))
        {
            return [.. cells[..(header.Count - 1)], string.Join(';', cells[(header.Count - 1)..])];
        }

        rowErrors.Add(new ImportError(line, null, "row",
            $"The row has {cells.Length} cells but the header names {header.Count} columns: a '{separator}' inside a cell must be in quotes, and no cell may be left out."));
        return cells;
    }

    /// <summary>
    /// The number in E.164. A bad number with a good email beside it does not cost the row: it is
    /// imported without it (a stored number is kept) and the number is reported as a warning.
    /// </summary>
    private string? Phone(string? text, string? email, string field, int line, string? id,
        List<ImportError> rowErrors, List<ImportError> warnings, ref PatientFields rowSupplied, PatientFields flag)
    {
        var problems = new ValidationErrors();
        var e164 = PatientValidation.CheckPhone(text, country, field, problems);
        if (!problems.Any)
        {
            return e164;
        }

        var message = problems.ToDictionary()[field][0];
        if (email is not null && PatientValidation.IsEmail(email))
        {
            warnings.Add(new ImportError(line, id, field, message + " Imported without it: the email will be used."));
            rowSupplied &= ~flag;
            return null;
        }

        rowErrors.Add(new ImportError(line, id, field, message));
        return null;
    }

    private (bool, DateOnly) Date(string text) =>
        (DateOnly.TryParseExact(text, dateFormats, culture, DateTimeStyles.None, out var date), date);

    private static (bool, T) Enum<T>(string text) where T : struct, System.Enum =>
        (System.Enum.TryParse<T>(text, true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, CultureInfo.InvariantCulture, out _), value);

    /// <summary>ISO dates, the day-first dotted dates of Poland, Germany and Scandinavia, and the clinic's locale's short date.</summary>
    private static string[] DateFormats(CultureInfo culture) =>
        ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy", culture.DateTimeFormat.ShortDatePattern];
}
