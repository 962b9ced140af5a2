import type { LayoutItem } from './layout-item'

// A container's main axis is its width when `row` is true, its height otherwise; the cross axis is
// the other one. These read an item's sizes, margins and padding along either axis.

export const styleMain = (item: LayoutItem, row: boolean): number => (row ? item.width : item.height)
export const styleCross = (item: LayoutItem, row: boolean): number => (row ? item.height : item.width)

export const measuredMain = (item: LayoutItem, row: boolean): number =>
  row ? item.measuredWidth : item.measuredHeight
export const measuredCross = (item: LayoutItem, row: boolean): number =>
  row ? item.measuredHeight : item.measuredWidth

export const marginMain = (item: LayoutItem, row: boolean): number => (row ? item.marRow : item.marColumn)
export const marginCross = (item: LayoutItem, row: boolean): number => (row ? item.marColumn : item.marRow)
export const marginMainStart = (item: LayoutItem, row: boolean): number => (row ? item.marLeft : item.marTop)
export const marginCrossStart = (item: LayoutItem, row: boolean): number => (row ? item.marTop : item.marLeft)

export const paddingMain = (item: LayoutItem, row: boolean): number => (row ? item.padRow : item.padColumn)
export const paddingCross = (item: LayoutItem, row: boolean): number => (row ? item.padColumn : item.padRow)

/** Places an item along its parent's main axis. */
export function setMainPosition(item: LayoutItem, row: boolean, position: number): void {
  if (row) item.x = position
  else item.y = position
}

/** Places an item along its parent's cross axis. */
export function setCrossPosition(item: LayoutItem, row: boolean, position: number): void {
  if (row) item.y = position
  else item.x = position
}
