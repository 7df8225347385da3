/// The opening of a self-contained SVG picture: its size, a white background and `title` (as the
/// document's title and written at `titleX` along the top). The caller appends shapes and `</svg>`.
func svgCanvas(width: Double, height: Double, title: String, titleX: Double) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif">
    <title>\(escapeHTML(title))</title>
    <rect width="100%" height="100%" fill="white"/>
    <text x="\(Int(titleX))" y="24" font-size="16">\(escapeHTML(title))</text>

    """
}
