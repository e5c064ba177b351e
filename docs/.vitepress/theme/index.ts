// The default theme, with the styles of the generated source pages and breakpoint links.
import DefaultTheme from 'vitepress/theme';
import './style.css';

export default DefaultTheme;
