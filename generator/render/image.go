package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The site's mark is a pilcrow, the sign of the paragraph links, white on
// the site's dark blue: the icon is the mark on a rounded square, and the
// card of link previews carries it beside the site's name. Both are drawn
// from the same shapes, in a square of 32 units.
var (
	markBlue  = color.RGBA{0x1d, 0x35, 0x57, 0xff}
	markWhite = color.RGBA{0xff, 0xff, 0xff, 0xff}
	markPale  = color.RGBA{0xc9, 0xd6, 0xe6, 0xff}
)

// markShapes are the pilcrow's parts in the 32-unit square: its bowl, a
// disc, and its bar and two stems, rectangles.
var (
	markBowl  = [3]float64{14, 12.5, 5.5} // centre x, y, radius
	markRects = [][4]float64{{14, 7, 25, 10}, {17, 7, 20, 26}, {22, 7, 25, 26}}
)

// inMark reports whether the point (x, y) of the 32-unit square is on the
// pilcrow.
func inMark(x, y float64) bool {
	dx, dy := x-markBowl[0], y-markBowl[1]
	if dx*dx+dy*dy <= markBowl[2]*markBowl[2] {
		return true
	}
	for _, r := range markRects {
		if x >= r[0] && x < r[2] && y >= r[1] && y < r[3] {
			return true
		}
	}
	return false
}

// inSquare reports whether (x, y) is inside the rounded square of side 32
// and corner radius 6.
func inSquare(x, y float64) bool {
	const r = 6.0
	cx, cy := math.Min(math.Max(x, r), 32-r), math.Min(math.Max(y, r), 32-r)
	return x >= 0 && x < 32 && y >= 0 && y < 32 && (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

// drawMark draws the icon, side pixels wide, at (x0, y0) of img, sampling
// each pixel 4×4 times for smooth edges.
func drawMark(img *image.RGBA, x0, y0, side int, square bool) {
	const n = 4
	scale := 32 / float64(side)
	for py := 0; py < side; py++ {
		for px := 0; px < side; px++ {
			var bg, fg int
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/n) * scale
					y := (float64(py) + (float64(sy)+0.5)/n) * scale
					switch {
					case inMark(x, y):
						fg++
					case !square || inSquare(x, y):
						bg++
					}
				}
			}
			under := img.RGBAAt(x0+px, y0+py)
			c := blend(under, markBlue, float64(bg)/(n*n))
			if square {
				c = blend(c, markWhite, float64(fg)/(n*n))
			} else {
				c = blend(under, markWhite, float64(fg)/(n*n))
			}
			img.SetRGBA(x0+px, y0+py, c)
		}
	}
}

// blend lays c over under with opacity a.
func blend(under, c color.RGBA, a float64) color.RGBA {
	mix := func(u, v uint8) uint8 { return uint8(float64(u)*(1-a) + float64(v)*a + 0.5) }
	return color.RGBA{mix(under.R, c.R), mix(under.G, c.G), mix(under.B, c.B), mix(under.A, c.A)}
}

// IconPNG returns the site's icon as a PNG image, size pixels square,
// transparent outside its rounded square.
func IconPNG(size int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	drawMark(img, 0, 0, size, true)
	var buf bytes.Buffer
	png.Encode(&buf, img) // writing to memory does not fail
	return buf.Bytes()
}

// IconICO returns favicon.ico: the icon of 32 pixels, as a PNG inside an
// ICO file, which every browser reads.
func IconICO() []byte {
	data := IconPNG(32)
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, [3]uint16{0, 1, 1}) // reserved, type icon, one image
	b.Write([]byte{32, 32, 0, 0})                             // width, height, no palette, reserved
	binary.Write(&b, binary.LittleEndian, [2]uint16{1, 32})   // colour planes, bits per pixel
	binary.Write(&b, binary.LittleEndian, [2]uint32{uint32(len(data)), 22})
	b.Write(data)
	return b.Bytes()
}

// IconSVG returns favicon.svg: the same shapes as IconPNG.
func IconSVG() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">`)
	fmt.Fprintf(&b, `<rect width="32" height="32" rx="6" fill="#%02x%02x%02x"/><g fill="#fff">`, markBlue.R, markBlue.G, markBlue.B)
	fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="%g"/>`, markBowl[0], markBowl[1], markBowl[2])
	for _, r := range markRects {
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g"/>`, r[0], r[1], r[2]-r[0], r[3]-r[1])
	}
	b.WriteString("</g></svg>\n")
	return []byte(b.String())
}

// The card's size, as social networks ask for it.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// Card returns the image that link previews show for every page of the
// site (og:image): a PNG of 1200×630 with the site's mark, its name, its
// description and its host.
func Card(name, description, host string) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	draw.Draw(img, img.Bounds(), image.NewUniform(markBlue), image.Point{}, draw.Src)
	drawMark(img, 46, 70, 128, false) // the mark's bowl starts a quarter in: its ink lines up with the text
	bold, err := face(gobold.TTF, 76)
	if err != nil {
		return nil, err
	}
	regular, err := face(goregular.TTF, 38)
	if err != nil {
		return nil, err
	}
	small, err := face(goregular.TTF, 30)
	if err != nil {
		return nil, err
	}
	y := 300
	for _, line := range wrap(bold, name, CardWidth-160, 2) {
		text(img, bold, markWhite, 80, y, line)
		y += 92
	}
	y += 10
	for _, line := range wrap(regular, description, CardWidth-160, 3) {
		text(img, regular, markPale, 80, y, line)
		y += 52
	}
	if host != "" {
		text(img, small, markPale, 80, CardHeight-60, host)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// face returns the font face of a TrueType font at a size in pixels.
func face(ttf []byte, size float64) (font.Face, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("card: %w", err)
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// text draws s on img with its baseline at (x, y).
func text(img *image.RGBA, f font.Face, c color.Color, x, y int, s string) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// wrap cuts s into at most lines lines of at most width pixels, at
// spaces; the last line ends in an ellipsis when s is longer.
func wrap(f font.Face, s string, width, lines int) []string {
	words := strings.Fields(s)
	var out []string
	line := ""
	fits := func(t string) bool { return font.MeasureString(f, t).Ceil() <= width }
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case line == "":
			line = w
		case fits(line + " " + w):
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
		if len(out) == lines {
			last := out[lines-1]
			for !fits(last+"…") && strings.Contains(last, " ") {
				last = last[:strings.LastIndex(last, " ")]
			}
			out[lines-1] = last + "…"
			return out
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}
