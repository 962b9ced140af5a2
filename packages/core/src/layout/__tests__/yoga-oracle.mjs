// The reference for layout tests: lays out LayoutNode trees (JSON on stdin, one array) with Yoga,
// the flexbox engine of React Native and satori, and prints their LayoutBox trees (JSON on stdout).
// A child process because yoga-layout is ESM with WebAssembly, which jest's CommonJS runtime cannot load.
// Yoga is configured as a web page with box-sizing: border-box: no pixel rounding
// (pointScaleFactor 0), web defaults off but every property set explicitly.
import {
  loadYoga,
  Align,
  Direction,
  Edge,
  FlexDirection,
  Gutter,
  Justify,
  MeasureMode,
  PositionType,
} from 'yoga-layout/load'

const Yoga = await loadYoga()
const config = Yoga.Config.create()
config.setPointScaleFactor(0)
config.setUseWebDefaults(false)

const ALIGN = { start: Align.FlexStart, center: Align.Center, end: Align.FlexEnd, stretch: Align.Stretch }
const JUSTIFY = {
  start: Justify.FlexStart,
  center: Justify.Center,
  end: Justify.FlexEnd,
  'space-between': Justify.SpaceBetween,
  'space-around': Justify.SpaceAround,
  'space-evenly': Justify.SpaceEvenly,
}
// A text leaf: wrapped-words.ts's wrapWords, copied (this file cannot import TypeScript).
const SPACE = 4
function wrapWords(words, lineHeight, maxWidth, slack) {
  let lines = 0
  let widest = 0
  let line = -1
  for (const word of words) {
    if (line >= 0 && line + SPACE + word <= maxWidth + slack) {
      line += SPACE + word
    } else {
      if (line >= 0) widest = Math.max(widest, line)
      lines++
      line = word
    }
  }
  if (line >= 0) widest = Math.max(widest, line)
  return { width: widest, height: lines * lineHeight }
}

const SIDES = [Edge.Top, Edge.Right, Edge.Bottom, Edge.Left]
const sides = (edges) => (typeof edges === 'number' ? [edges, edges, edges, edges] : (edges ?? [0, 0, 0, 0]))

function build(node, isRoot = true) {
  const y = Yoga.Node.create(config)
  y.setFlexDirection(node.direction === 'row' ? FlexDirection.Row : FlexDirection.Column)
  if (node.width !== undefined) y.setWidth(node.width)
  if (node.height !== undefined) y.setHeight(node.height)
  sides(node.padding).forEach((v, i) => y.setPadding(SIDES[i], v))
  sides(node.margin).forEach((v, i) => y.setMargin(SIDES[i], v))
  y.setGap(Gutter.All, node.gap ?? 0)
  y.setAlignItems(ALIGN[node.align ?? 'stretch'])
  if (node.alignSelf) y.setAlignSelf(ALIGN[node.alignSelf])
  y.setJustifyContent(JUSTIFY[node.justify ?? 'start'])
  y.setFlexGrow(node.grow ?? 0)
  y.setFlexShrink(node.shrink ?? 0)
  if (node.position === 'absolute') {
    y.setPositionType(PositionType.Absolute)
    // Left out: Yoga's static position (by the parent's justify and the child's alignment).
    if (node.x !== undefined) y.setPosition(Edge.Left, node.x)
    if (node.y !== undefined) y.setPosition(Edge.Top, node.y)
  } else {
    y.setPositionType(PositionType.Relative)
    // Only the root's x/y count in flow (a relative offset); a child's place comes from its parent.
    if (isRoot) {
      y.setPosition(Edge.Left, node.x ?? 0)
      y.setPosition(Edge.Top, node.y ?? 0)
    }
  }
  if (node.aspectRatio !== undefined) y.setAspectRatio(node.aspectRatio)
  if (node.words) {
    // Yoga passes NaN for a width it leaves open (MeasureMode.Undefined): no wrapping.
    const words = node.words
    const lineHeight = node.lineHeight ?? 20
    const slack = node.slack ?? 0
    y.setMeasureFunc((width, widthMode) =>
      wrapWords(
        words,
        lineHeight,
        widthMode === MeasureMode.Undefined || Number.isNaN(width) ? Infinity : width,
        slack,
      ),
    )
  }
  ;(node.children ?? []).forEach((child, i) => y.insertChild(build(child, false), i))
  return y
}

function read(y) {
  const children = []
  for (let i = 0; i < y.getChildCount(); i++) children.push(read(y.getChild(i)))
  return {
    x: y.getComputedLeft(),
    y: y.getComputedTop(),
    width: y.getComputedWidth(),
    height: y.getComputedHeight(),
    children,
  }
}

let input = ''
for await (const chunk of process.stdin) input += chunk
const out = JSON.parse(input).map((tree) => {
  const root = build(tree)
  root.calculateLayout(undefined, undefined, Direction.LTR)
  const box = read(root)
  root.freeRecursive()
  return box
})
process.stdout.write(JSON.stringify(out))
