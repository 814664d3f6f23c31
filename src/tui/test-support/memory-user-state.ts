export { memoryUserState } from '../../config/user-state.js';
