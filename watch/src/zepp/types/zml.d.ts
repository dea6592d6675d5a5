// Side-service and settings-app globals that @zeppos/device-types does not declare.
declare function AppSideService(options: object): unknown;
declare function AppSettingsPage(options: {
  state?: object;
  build(props: never): unknown;
}): unknown;
declare module '@zeppos/zml/base-app' {
  export function BaseApp<T extends object>(options: T): T;
}
declare module '@zeppos/zml/base-page' {
  export function BasePage<T extends object>(options: T): T;
}
declare module '@zeppos/zml/base-side' {
  export function BaseSideService<T extends object>(options: T): T;
}
