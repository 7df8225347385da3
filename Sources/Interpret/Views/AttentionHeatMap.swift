import Foundation
import Tensor

/// Attention weights as a self-contained HTML heat map: one row per query token, one column per key
/// token, each cell shaded by its weight (white 0 to dark blue 1, the value in its tooltip and, when
/// it is at least 0.1, in the cell). Feed it one head's or the head-averaged weights `[L, S]` of
/// `MultiheadAttention` (its `weights`, or kept by a forward hook).
public func attentionHeatMapHTML(_ weights: Tensor, queryTokens: [String], keyTokens: [String], title: String = "Attention") -> String {
    strandPrecondition(weights.shape == [queryTokens.count, keyTokens.count],
                       "attentionHeatMapHTML: weights \(weights.shape) need one row per query token (\(queryTokens.count)) and one column per key token (\(keyTokens.count))")
    let values = weights.scalars
    let header = keyTokens.map { "<th class=\"key\">\(escapeHTML($0))</th>" }.joined()
    let rows = queryTokens.enumerated().map { row, token in
        let cells = keyTokens.indices.map { column -> String in
            let weight = values[row * keyTokens.count + column]
            let shade = Int(100 - 70 * Swift.max(0, Swift.min(1, weight)))
            let label = weight >= 0.1 ? String(format: "%.2f", weight) : ""
            return "<td style=\"background-color: hsl(220, 80%, \(shade)%)\(shade < 60 ? "; color: white" : "")\" title=\"\(String(format: "%.4f", weight))\">\(label)</td>"
        }.joined()
        return "<tr><th>\(escapeHTML(token))</th>\(cells)</tr>"
    }.joined(separator: "\n")
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escapeHTML(title))</title>
        <style>body { font-family: sans-serif; margin: 2em; } table { border-collapse: collapse; }
        th, td { padding: 4px 6px; font-size: 13px; } td { min-width: 2.5em; text-align: center; border: 1px solid #eee; }
        th.key { writing-mode: vertical-rl; transform: rotate(180deg); vertical-align: bottom; } th { text-align: right; }</style></head>
        <body><h1>\(escapeHTML(title))</h1><p>Rows: the tokens that attend; columns: the tokens they attend to.</p>
        <table><tr><th></th>\(header)</tr>
        \(rows)
        </table></body></html>

        """
}
