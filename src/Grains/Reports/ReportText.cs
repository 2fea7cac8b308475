using System.Globalization;
using System.Text;

namespace Recall.Grains.Reports;

/// <summary>The reports as plain text for the manager's email; the numbers match the JSON and CSV of the API.</summary>
public static class ReportText
{
    public static string Daily(string clinicName, DailyReport daily, ContactDueReport due)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{clinicName}: daily recall report for {daily.Date:yyyy-MM-dd}\n\n")
            .Append(CultureInfo.InvariantCulture, $"Recall visits today: {daily.Visits.Count}\n");
        foreach (var visit in daily.Visits)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {visit.Start:HH:mm}  {visit.PatientName} ({visit.PatientId}), {visit.VisitType}\n");
        }

        return text
            .Append(CultureInfo.InvariantCulture, $"Recall visits booked from today on: {daily.RecallVisitsBookedAhead}\n\n")
            .Append(CultureInfo.InvariantCulture, $"Patients to contact by {due.Until:yyyy-MM-dd}: {due.Total} ({due.Overdue} overdue, {due.DueWithin30Days} due within 30 days)\n")
            .ToString();
    }

    public static string Monthly(string clinicName, MonthlyReport month) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{clinicName}: recall compliance for {month.Month}\n\n")
        .Append(CultureInfo.InvariantCulture, $"Contact attempts: {month.Attempts}, successful: {month.Successful} ({month.SuccessRate:P1})\n")
        .Append(CultureInfo.InvariantCulture, $"Patients contacted: {month.PatientsContacted}; visits booked: {month.VisitsBooked}\n")
        .Append(CultureInfo.InvariantCulture, $"Recall visits completed on time: {month.CompletedOnTime}, late: {month.CompletedLate}\n")
        .ToString();
}
