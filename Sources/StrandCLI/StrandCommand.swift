// `strand`: train a text classifier on a CSV, classify new text with it, and ask which words
// decided a prediction — without writing a program.
//
//   swift build -c release --product strand
//   .build/release/strand train --csv reviews.csv --text-column text --label-column label --output model
//   .build/release/strand predict model "A gripping, beautifully acted story."
//   .build/release/strand explain model "A gripping, beautifully acted story." --html why.html
//   .build/release/strand lm --corpus reviews.csv --text-column text --output lm
//   .build/release/strand generate lm --prompt "This movie"
//   .build/release/strand info
import ArgumentParser

@main
struct StrandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strand",
        abstract: "Train text classifiers, classify text and explain which words decided a prediction.",
        subcommands: [TrainCommand.self, PredictCommand.self, ExplainCommand.self, VectorsCommand.self, LanguageModelCommand.self,
                      GenerateCommand.self, InfoCommand.self])
}
