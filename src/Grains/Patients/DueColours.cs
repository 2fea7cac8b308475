namespace Recall.Grains.Patients;

/// <summary>Colours a due date by the days left until it, counted in the clinic's calendar days.</summary>
public static class DueColours
{
    /// <summary>Yellow covers the last 30 days before the due date; black is anything further away.</summary>
    public const int YellowDays = 30;

    public static DueColour Of(DateOnly dueDate, DateOnly today) => (dueDate.DayNumber - today.DayNumber) switch
    {
        <= 0 => DueColour.Red,
        <= YellowDays => DueColour.Yellow,
        _ => DueColour.Black,
    };
}
