using System.Runtime.CompilerServices;

// The silo binds activations to grains and reads their state (Grain.Bind, StateObject); nothing else may.
[assembly: InternalsVisibleTo("Recall.Silo")]
[assembly: InternalsVisibleTo("Recall.Silo.Tests")]
