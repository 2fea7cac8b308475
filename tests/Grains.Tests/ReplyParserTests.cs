using Recall.Grains.Phones;

namespace Recall.Grains.Tests;

public sealed class ReplyParserTests
{
    [Theory]
    [InlineData("STOP", SmsKeyword.Stop)]
    [InlineData(" stop ", SmsKeyword.Stop)]
    [InlineData("Unsubscribe", SmsKeyword.Stop)]
    [InlineData("STOPALL", SmsKeyword.Stop)]
    [InlineData("cancel", SmsKeyword.Stop)]
    [InlineData("START", SmsKeyword.Start)]
    [InlineData("unstop", SmsKeyword.Start)]
    [InlineData("Yes", SmsKeyword.Start)]
    [InlineData("HELP", SmsKeyword.Help)]
    [InlineData("info", SmsKeyword.Help)]
    [InlineData("stop texting me at work", SmsKeyword.None)]
    [InlineData("tak", SmsKeyword.None)]
    public void Keyword_OnlyAWholeOneWordMessage(string body, SmsKeyword expected) => Assert.Equal(expected, ReplyParser.Keyword(body));

    [Theory]
    [InlineData("Yes!", ReplyMeaning.Yes)]
    [InlineData("TAK.", ReplyMeaning.Yes)]
    [InlineData("ja", ReplyMeaning.Yes)]
    [InlineData("Gärna", ReplyMeaning.Yes)]
    [InlineData("gerne", ReplyMeaning.Yes)]
    [InlineData("👍", ReplyMeaning.Yes)]
    [InlineData("1", ReplyMeaning.Yes)]
    [InlineData("nie", ReplyMeaning.No)]
    [InlineData("Nej  tack", ReplyMeaning.No)]
    [InlineData("nein", ReplyMeaning.No)]
    [InlineData("2", ReplyMeaning.No)]
    [InlineData("👎", ReplyMeaning.No)]
    [InlineData("can I come on Friday instead?", ReplyMeaning.Unknown)]
    [InlineData("ok, kiedy?", ReplyMeaning.Unknown)]
    public void Meaning_CommonAnswersInFourLanguages(string body, ReplyMeaning expected) => Assert.Equal(expected, ReplyParser.Meaning(body));
}
