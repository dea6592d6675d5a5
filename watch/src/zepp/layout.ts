import { getDeviceInfo, SCREEN_SHAPE_ROUND } from '@zos/device';

/** Screen geometry for the pages: round screens get wider side margins. */
export interface Layout {
  width: number;
  height: number;
  round: boolean;
  margin: number;
  row: number;
  gap: number;
  text: number;
  small: number;
}

export function layout(): Layout {
  const { width, height, screenShape } = getDeviceInfo();
  const round = screenShape === SCREEN_SHAPE_ROUND;
  return {
    width,
    height,
    round,
    margin: round ? Math.round(width * 0.14) : Math.round(width * 0.05),
    row: Math.round(height * 0.13),
    gap: Math.round(height * 0.02),
    text: Math.round(width / 15),
    small: Math.round(width / 19),
  };
}

export const COLORS = {
  text: 0xffffff,
  dim: 0x9a9a9a,
  warn: 0xffb347,
  button: 0x333333,
  pressed: 0x555555,
  selected: 0x1e7d4f,
  accent: 0x2b6cb0,
};
