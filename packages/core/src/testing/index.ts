// Test utilities of @minicode/core (`@minicode/core/testing`): not part of the runtime bundle.
export { createAlbumSim } from './album-sim'
export type {
  AlbumSim,
  AlbumSimLedger,
  AlbumSimOptions,
  SimAnswer,
  SimDownload,
  SimMethod,
  SimPermission,
  SimPlatform,
  SimPrivacy,
  SimProfile,
} from './album-sim'
